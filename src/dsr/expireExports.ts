import type { DsrLedger } from '../state/DsrLedger';
import { removeExport } from './writeExport';

/**
 * An export is a copy of someone's personal data: it is kept only as long as the subject needs to
 * fetch it (EXPORT_RETENTION_HOURS), then its file is deleted and the ledger stops offering it.
 */
export async function expireExports(options: { ledger: DsrLedger; dataDir: string; now: Date; retentionHours: number }): Promise<number> {
  const cutoff = new Date(options.now.getTime() - options.retentionHours * 3_600_000).toISOString();
  const due = await options.ledger.exportsCompletedBefore(cutoff, 200);
  for (const id of due) {
    await removeExport(options.dataDir, id);
    await options.ledger.update(id, { export: null });
  }
  return due.length;
}
