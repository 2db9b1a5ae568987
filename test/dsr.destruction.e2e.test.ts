import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { exportPath } from '../src/dsr/writeExport';
import { findValuesOnDisk, walkFiles } from './kit/findValuesOnDisk';
import { mutate, waitFor } from './kit/dsr';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

/** Alice as the demo dataset seeds her (CONTRACT.md §6): identities, profile, her words at the helpdesk, her consent evidence. */
const ALICE = [
  'alice@example.com', '+79990000001', 'cus_alice', 'Alice Anderson', 'Moscow, Tverskaya st. 1, apt. 10',
  'Licence key not received', 'I paid for the Office licence but did not get the key', 'I bought the antivirus by mistake',
  'Sorry about that, Alice', 'newsletter checkbox at checkout, order ord_alice_3',
];

/**
 * After erasing Alice over HTTP, every file under the data dir is read byte by byte for her
 * values. The gateway's own state (`state/`) is reported apart: making it value-free is the
 * dsr-run work (the identity closure encrypted per request, its key destroyed at completion).
 */
describe('nothing of an erased subject is left on disk, and nothing there is readable by others', () => {
  let gw: TestGateway;
  let umask: number;
  let exportFile: string;
  let before: Array<{ file: string; values: string[] }>;
  let hits: Array<{ file: string; values: string[] }>;
  const outsideState = () => hits.filter((h) => !h.file.startsWith(`state${path.sep}`));

  beforeAll(async () => {
    umask = process.umask(0o000); // the most permissive: whatever is owner-only is made so by the gateway
    gw = await startTestGateway();
    const exported = await waitFor(gw, (await mutate(gw, 'exportSubject', { ref: { email: 'alice@example.com' }, format: 'JSON' })).id);
    expect(exported.status).toBe('COMPLETED');
    exportFile = exportPath(gw.dataDir, exported.id);
    expect(existsSync(exportFile)).toBe(true);
    before = findValuesOnDisk(gw.dataDir, ALICE);
    // The scan held the event loop for seconds: let the client see the keep-alive sockets the server closed meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const erased = await waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: 'alice@example.com' }, reason: 'art. 17 request' })).id, 60_000);
    expect(erased.status).toBe('COMPLETED');
    await gw.stop();
    hits = findValuesOnDisk(gw.dataDir, ALICE);
  }, 120_000);
  afterAll(async () => {
    process.umask(umask);
    await gw?.close();
  });

  it('the search finds what is there: before the erasure every system, and her export, held her values in its files', () => {
    const systems = new Set(before.map((h) => h.file.split(path.sep)[0]));
    expect([...systems].sort()).toEqual(['exports', 'newsletter', 'orders', 'processor', 'state', 'support']);
    expect(before.find((h) => h.file.startsWith('exports'))?.values).toEqual(expect.arrayContaining(['alice@example.com', 'Alice Anderson', 'I bought the antivirus by mistake']));
  });

  it('no file outside the state holds any of her values: stores compacted, PGlite vacuumed with its WAL switched out, exports removed', () => {
    expect(existsSync(exportFile)).toBe(false);
    expect(existsSync(`${exportFile}.partial`)).toBe(false);
    expect(outsideState()).toEqual([]);
  });

  it("the gateway's own state holds none of her values either: cleared rows rewritten away, WAL switched out", () => {
    expect(hits).toEqual([]);
  });

  it('the data dir and everything under it is owner-only (0700 / 0600) though the umask took nothing away', () => {
    expect(execFileSync('find', [gw.dataDir, '-perm', '/o+rw'], { encoding: 'utf8' })).toBe('');
    const loose = walkFiles(gw.dataDir).filter((f) => (f.mode & 0o077) !== 0).map((f) => `${path.relative(gw.dataDir, f.file)} ${f.mode.toString(8)}`);
    expect(loose).toEqual([]);
    const kinds = new Set(walkFiles(gw.dataDir).map((f) => path.relative(gw.dataDir, f.file).split(path.sep)[0]));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['exports', 'newsletter', 'orders', 'processor', 'state', 'support']));
  });
});
