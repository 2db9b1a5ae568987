import { rm } from 'node:fs/promises';
import type { DsrLedger } from './DsrLedger';
import { exportPath } from './writeExport';

/**
 * An export is a copy of someone's personal data: it is kept only as long as the subject needs to
 * fetch it (EXPORT_RETENTION_HOURS), then its file is deleted and the ledger stops offering it.
 */
export async function expireExports(options: { ledger: DsrLedger; dataDir: string; now: Date; retentionHours: number }): Promise<number> {
  const cutoff = new Date(options.now.getTime() - options.retentionHours * 3_600_000).toISOString();
  const due = await options.ledger.requests.find({ type: 'EXPORT', status: 'COMPLETED', export: { $ne: null }, completedAt: { $lt: cutoff } }, { limit: 200 });
  for (const doc of due) {
    await rm(exportPath(options.dataDir, doc._id), { force: true });
    await options.ledger.update(doc._id, { export: null });
  }
  return due.length;
}
