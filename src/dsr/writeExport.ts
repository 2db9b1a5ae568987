import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { exportedDisclosures } from '../disclosures/exportedDisclosures';
import { buildDataMap } from '../policy/buildDataMap';
import { ensureOwnerOnlyDir } from '../store/embedded/ensureOwnerOnlyDir';
import type { SourceRecord } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import { buildExportHead, exportRecord } from './buildExportDocument';
import type { DsrRequestDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

export const exportPath = (dataDir: string, requestId: string): string => path.join(dataDir, 'exports', `${requestId}.json`);

/** An export and the partial copy a write cut off may have left: both hold the subject's whole copy. */
export async function removeExport(dataDir: string, requestId: string): Promise<void> {
  const file = exportPath(dataDir, requestId);
  await Promise.all([rm(file, { force: true }), rm(`${file}.partial`, { force: true })]);
}

/** Records looked up for legal holds together: one state query per page, not per record. */
const PAGE = 200;

/**
 * The subject's copy of their data (152-FZ art. 14(7), GDPR art. 15): the head buildExportHead
 * makes from the policy, the descriptors and the subject's consents, then every source's records,
 * each with its source and, if a legal hold keeps it, the hold and until when. Written as a
 * stream, a page of records at a time, so a subject with 10 000 records never sits whole in
 * memory; hashed as it is written. Re-running overwrites: the worker may retry.
 */
export async function writeExport(options: { deps: DsrDeps; request: DsrRequestDoc; identities: readonly Identity[]; onSource: (source: string, records: number) => Promise<void> }): Promise<{ file: string; sha256: string; bytes: number }> {
  const { deps, request } = options;
  const file = exportPath(deps.config.dataDir, request._id);
  await ensureOwnerOnlyDir(path.dirname(file));
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8', mode: 0o600 });
  const hash = createHash('sha256');
  let bytes = 0;
  const write = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const state = request.subjectId ? await deps.registry.get(request.subjectId) : null;
  const head = buildExportHead({
    requestId: request._id,
    generatedAt: new Date(),
    subjectId: request.subjectId,
    identities: options.identities,
    dataMap: buildDataMap(deps.policy, deps.connectors),
    sources: deps.connectors.map((c) => ({ name: c.name, kind: c.inner.custody?.kind ?? null, embedded: c.inner.custody?.embedded ?? null })),
    holds: deps.policy.holds,
    notices: deps.policy.notices,
    consents: state?.consents ?? [],
    objections: state?.objections ?? [],
  });
  const text = JSON.stringify(head);
  await write(`${text.slice(0, -1)},${await exportedDisclosures(deps, request.subjectId)}"records":{`);
  let firstSource = true;
  for (const connector of deps.connectors) {
    const task = request.tasks.find((t) => t.source === connector.name);
    if (!task || task.action !== 'export') continue;
    await write(`${firstSource ? '' : ','}${JSON.stringify(connector.name)}:[`);
    firstSource = false;
    let n = 0;
    let page: SourceRecord[] = [];
    const flush = async () => {
      const held = new Map((await deps.state.holds.find(connector.name, page.map((r) => r.id))).map((h) => [h.recordId, h]));
      for (const record of page) {
        const hold = held.get(record.id);
        const basis = hold ? (deps.policy.holds.find((h) => h.name === hold.hold)?.basis ?? null) : null;
        await write(`${n === 0 ? '' : ','}${JSON.stringify(exportRecord(record, hold ? { hold: hold.hold, until: hold.until, basis } : null))}`);
        n++;
      }
      page = [];
    };
    for await (const record of connector.inner.exportRecords({ identities: options.identities })) {
      page.push(record);
      if (page.length >= PAGE) await flush();
    }
    await flush();
    await write(']');
    await options.onSource(connector.name, n);
  }
  await write('}}');
  out.end();
  await once(out, 'finish');
  await rename(partial, file);
  return { file, sha256: hash.digest('hex'), bytes };
}
