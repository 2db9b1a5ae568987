import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { exportedFacts } from '../disclosures/exportedFacts';
import { buildDataMap } from '../policy/buildDataMap';
import type { Identity } from '../sources/Identity';
import type { DsrRequestDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

export const exportPath = (dataDir: string, requestId: string): string => path.join(dataDir, 'exports', `${requestId}.json`);

/**
 * The subject's copy of their data (152-FZ art. 14(7), GDPR art. 15): every source's records,
 * each with its source, plus the purposes, legal bases, categories, recipients and retention
 * that apply. Written as a stream, one record at a time, so a subject with 10 000 records never
 * sits whole in memory; hashed as it is written. Re-running overwrites: the worker may retry.
 */
export async function writeExport(options: { deps: DsrDeps; request: DsrRequestDoc; identities: readonly Identity[]; onSource: (source: string, records: number) => Promise<void> }): Promise<{ file: string; sha256: string; bytes: number }> {
  const { deps, request } = options;
  const file = exportPath(deps.config.dataDir, request._id);
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  const hash = createHash('sha256');
  let bytes = 0;
  const write = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const map = buildDataMap(deps.policy, deps.connectors);
  await write(`{"format":"privacy-gateway/export@1","requestId":${JSON.stringify(request._id)},"generatedAt":${JSON.stringify(new Date().toISOString())},`);
  await write(`"subject":${JSON.stringify({ id: request.subjectId, identities: options.identities })},`);
  await write(`"processing":${JSON.stringify({ controller: 'the store (see privacy policy)', policyVersion: map.policyVersion, purposes: map.purposes.map(({ id, description, basis, categories }) => ({ id, description, basis, categories })), sources: map.sources.map(({ name, system, categories, recipients, retention }) => ({ name, system, categories, recipients, retention })) })},`);
  await write(await exportedFacts(deps, request.subjectId));
  await write('"records":{');
  let firstSource = true;
  for (const connector of deps.connectors) {
    const task = request.tasks.find((t) => t.source === connector.name);
    if (!task || task.action !== 'export') continue;
    await write(`${firstSource ? '' : ','}${JSON.stringify(connector.name)}:[`);
    firstSource = false;
    let n = 0;
    for await (const record of connector.inner.exportRecords({ identities: options.identities })) {
      await write(`${n === 0 ? '' : ','}${JSON.stringify({ source: record.source, id: record.id, createdAt: record.createdAt, restricted: record.restricted, ...record.fields, profile: record.profile ?? undefined })}`);
      n++;
    }
    await write(']');
    await options.onSource(connector.name, n);
  }
  await write('}}');
  out.end();
  await once(out, 'finish');
  await rename(partial, file);
  return { file, sha256: hash.digest('hex'), bytes };
}
