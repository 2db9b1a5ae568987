import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoProcessor } from '../connectors/payments/demo/startDemoProcessor';
import { createSqlClient } from '../src/sql/createSqlClient';
import { createDocumentStore } from '../src/store/createDocumentStore';
import type { GatewayProcess } from './kit/gatewayProcess';
import { freePort, startGatewayProcess } from './kit/gatewayProcess';
import { DEMO_PROCESSOR_KEY, processorHoldings } from './kit/processorHoldings';
import { OFFICER } from './kit/startTestGateway';

/**
 * The real thing: the gateway as `npm start` runs it, in its own process, killed with SIGKILL
 * (no shutdown hook runs, stores are not compacted, writes may be cut off) twice while its
 * worker is in the middle of erasures, and restarted on the same data dir. Afterwards every
 * accepted erasure has completed exactly once, the ledger and the sources agree, and the audit
 * chain verifies.
 */

const SUBJECTS = 100;
const BATCH = 25;
const batches = Array.from({ length: SUBJECTS / BATCH }, (_, b) => Array.from({ length: BATCH }, (__, i) => b * BATCH + i + 1));
const keyOf = (n: number) => `crash-test-${String(n).padStart(4, '0')}`;
const emailOf = (n: number) => `user${n}@demo.example`;
const input = (n: number) => ({ ref: { email: emailOf(n) }, reason: 'art. 17 (crash test)', idempotencyKey: keyOf(n) });

interface RequestView {
  id: string;
  status: string;
  lastError: string | null;
  tasks: Array<{ source: string; status: string; attempts: number }>;
  certificate: { sha256: string; sources: Array<{ source: string; deleted: number; depersonalized: number; retained: number }> } | null;
}
const REQUEST = 'id status lastError tasks { source status attempts } certificate { sha256 sources { source deleted depersonalized retained } }';

let dataDir: string;
let port: number;
let gw: GatewayProcess | null = null;
/** Idempotency key → request id, for every erasure the gateway answered. */
const accepted = new Map<string, string>();
/** Certificates of requests seen COMPLETED before a kill: they must never change. */
const certified = new Map<string, string>();

const start = async () => (gw = await startGatewayProcess({ dataDir, port, env: { SEED_SUBJECTS: '300', SOURCE_TIMEOUT_MS: '3000', DSR_LEASE_MS: '10000' } }));
const running = (): GatewayProcess => {
  if (!gw) throw new Error('expected a running gateway');
  return gw;
};

/** eraseSubjects as an automated client sends it; records (or checks) the ids it answers. */
async function submit(ns: readonly number[]): Promise<RequestView[]> {
  const r = await running().query(`mutation($inputs: [EraseSubjectInput!]!){ eraseSubjects(inputs:$inputs){ ${REQUEST} } }`, { ...OFFICER, variables: { inputs: ns.map(input) } });
  if (r.body.errors || !r.body.data) throw new Error(`eraseSubjects failed: ${JSON.stringify(r.body.errors)}`);
  const answered = r.body.data.eraseSubjects as RequestView[];
  ns.forEach((n, i) => {
    const id = (answered[i] as RequestView).id;
    const before = accepted.get(keyOf(n));
    if (before !== undefined) expect({ key: keyOf(n), id }).toEqual({ key: keyOf(n), id: before });
    else accepted.set(keyOf(n), id);
  });
  return answered;
}

/** Every erasure request in the ledger, over GraphQL (pages of 100). */
async function allErasures(): Promise<RequestView[]> {
  const out: RequestView[] = [];
  let after: string | null = null;
  for (;;) {
    const r = await running().query(`query($after: String){ dsrRequests(type: ERASE, first: 100, after: $after){ edges { node { ${REQUEST} } } pageInfo { hasNextPage endCursor } } }`, { ...OFFICER, variables: { after } });
    const page = r.body.data?.dsrRequests as { edges: Array<{ node: RequestView }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    out.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

/**
 * Waits until the worker holds a request IN_PROGRESS and the ledger holds at least `ledgerHas`
 * erasures (part of a batch still being accepted), notes what is certified so far, then SIGKILLs
 * the gateway: the kill lands mid-acceptance and mid-work.
 */
async function killWhileWorking(ledgerHas: number, options: { afterACompletion?: boolean } = {}): Promise<{ inProgress: number; inLedger: number }> {
  let seen = { inProgress: 0, inLedger: 0 };
  for (let i = 0; i < 1000; i++) {
    const all = await allErasures();
    seen = { inProgress: all.filter((r) => r.status === 'IN_PROGRESS').length, inLedger: all.length };
    // Erasures complete a wave at a time: waiting for one completion lets the kill also test that a certificate never changes.
    const completed = all.some((r) => r.status === 'COMPLETED');
    if (seen.inProgress > 0 && seen.inLedger >= ledgerHas && (completed || !options.afterACompletion)) break;
    await new Promise((res) => setTimeout(res, 10));
  }
  for (const r of await allErasures()) if (r.status === 'COMPLETED' && r.certificate) certified.set(r.id, r.certificate.sha256);
  const exit = await running().kill('SIGKILL');
  expect(exit.signal ?? exit.code).toBeTruthy();
  gw = null;
  return seen;
}

/**
 * What a kill during a large append leaves: the datafile ends in half a line. Appends the first
 * half of each file's last line (a write that was never acknowledged) to every embedded
 * document-store datafile. (The gateway's state is in PGlite, which recovers from its WAL.)
 */
function tearLastWrites(): string[] {
  const torn: string[] = [];
  for (const sub of ['orders', 'processor']) {
    const folder = path.join(dataDir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).filter((f) => f.endsWith('.db'))) {
      const file = path.join(folder, name);
      const last = readFileSync(file, 'utf8').trimEnd().split('\n').at(-1) ?? '';
      if (last.length < 2) continue;
      appendFileSync(file, last.slice(0, Math.floor(last.length / 2)));
      torn.push(`${sub}/${name}`);
    }
  }
  return torn;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'pg-crash-'));
  port = await freePort();
});
afterAll(async () => {
  await gw?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('erasures survive two SIGKILLs mid-work: each completes exactly once, sources agree with the ledger, the audit chain verifies', async () => {
  // 1. A fresh start (seeds the demo), two batches accepted, a third in flight: kill.
  await start();
  await submit(batches[0] as number[]);
  await submit(batches[1] as number[]);
  const inFlight = submit(batches[2] as number[]).catch(() => null); // may be cut off by the kill: then it was never answered
  const first = await killWhileWorking(2 * BATCH + 3, { afterACompletion: true });
  await inFlight;
  expect(first.inProgress).toBeGreaterThan(0);
  expect(first.inLedger).toBeGreaterThan(2 * BATCH);

  // 2. Restart on the same data dir: the client retries what it sent, with the same keys; a fourth batch; kill again.
  await start();
  for (const batch of batches.slice(0, 3)) await submit(batch);
  const inFlight2 = submit(batches[3] as number[]).catch(() => null);
  const second = await killWhileWorking(3 * BATCH + 3);
  await inFlight2;
  expect(second.inProgress).toBeGreaterThan(0);
  expect(second.inLedger).toBeGreaterThan(3 * BATCH);

  // The second kill also cut off the last write of every datafile.
  expect(tearLastWrites()).toEqual(expect.arrayContaining(['orders/orders.db', 'processor/customers.db']));

  // 3. Restart again; retry everything; wait for the ledger to finish (claims of the killed
  // worker are taken over once their lease runs out, DSR_LEASE_MS: 10 s here).
  await start();
  for (const batch of batches) await submit(batch);
  expect(accepted.size).toBe(SUBJECTS);
  let erasures: RequestView[] = [];
  for (let i = 0; i < 240; i++) {
    erasures = await allErasures();
    if (erasures.every((r) => r.status === 'COMPLETED' || r.status === 'FAILED')) break;
    await new Promise((res) => setTimeout(res, 500));
  }

  // One request per idempotency key, each the one first answered, each completed with a certificate.
  expect(erasures).toHaveLength(SUBJECTS);
  expect(new Set(erasures.map((r) => r.id))).toEqual(new Set(accepted.values()));
  const byId = new Map(erasures.map((r) => [r.id, r]));
  for (let n = 1; n <= SUBJECTS; n++) {
    const request = byId.get(accepted.get(keyOf(n)) as string) as RequestView;
    expect({ n, status: request.status, lastError: request.lastError }).toEqual({ n, status: 'COMPLETED', lastError: null });
    expect(request.tasks.map((t) => t.status)).toEqual(['DONE', 'DONE', 'DONE', 'DONE']);
    // Recorded before acting, so exact even when the act was cut off and redone after a restart.
    const counts = Object.fromEntries((request.certificate?.sources ?? []).map((s) => [s.source, [s.deleted, s.depersonalized, s.retained]]));
    expect({ n, counts }).toEqual({ n, counts: { orders: [0, 1, 0], payments: [2, 0, 0], support: [n % 10 === 0 ? 2 : 0, 0, 0], newsletter: [0, 0, 0] } });
  }
  // Completed once: a certificate issued before a kill is the one the ledger still holds.
  expect(certified.size).toBeGreaterThan(0);
  for (const [id, sha256] of certified) expect({ id, sha256: byId.get(id)?.certificate?.sha256 }).toEqual({ id, sha256 });
  // Resubmitting answers the same, finished requests.
  const again = await submit(batches[0] as number[]);
  expect(again.every((r) => r.status === 'COMPLETED' && r.certificate !== null)).toBe(true);

  // The gateway agrees every subject is erased, and its audit chain is whole.
  const refs = Array.from({ length: SUBJECTS }, (_, i) => ({ email: emailOf(i + 1) }));
  const read = await running().query('query($refs: [SubjectRef!]!){ subjects(refs:$refs){ status orders { id } payments { id } supportMessages { id } } }', { ...OFFICER, variables: { refs } });
  expect(read.body.errors).toBeUndefined();
  for (const s of read.body.data?.subjects as unknown[]) expect(s).toEqual({ status: 'ERASED', orders: [], payments: [], supportMessages: [] });
  const audit = await running().query('{ verifyAuditLog { ok checked reason } }', OFFICER);
  expect(audit.body.data?.verifyAuditLog).toMatchObject({ ok: true, reason: null });
  expect(audit.body.data?.verifyAuditLog.checked).toBeGreaterThan(0);

  // 4. A clean stop, then the sources' own data, read without the gateway.
  expect(await running().kill('SIGTERM')).toEqual({ code: 0, signal: null });
  gw = null;
  await expectSourcesErased();
}, 300_000);

async function expectSourcesErased(): Promise<void> {
  const erased = Array.from({ length: SUBJECTS }, (_, i) => emailOf(i + 1));
  const control = [emailOf(SUBJECTS + 10), emailOf(SUBJECTS + 20)];

  const orders = createDocumentStore({ dir: path.join(dataDir, 'orders') });
  const state = createSqlClient({ url: `pglite://${path.join(dataDir, 'state')}` });
  try {
    expect(await orders.collection('orders').count({ email: { $in: erased } })).toBe(0);
    expect(await orders.collection('orders').count({ email: { $in: control } })).toBe(2);
    const { rows: ledger } = await state.query<{ id: string; idempotency_key: string; status: string; identities: unknown; lease_owner: string | null }>(
      "SELECT id, idempotency_key, status, identities, lease_owner FROM dsr_requests WHERE type = 'ERASE'",
    );
    expect(ledger).toHaveLength(SUBJECTS);
    expect(new Set(ledger.map((r) => r.id))).toEqual(new Set(accepted.values()));
    expect(new Set(ledger.map((r) => r.idempotency_key)).size).toBe(SUBJECTS);
    expect(ledger.every((r) => r.status === 'COMPLETED' && r.identities === null && r.lease_owner === null)).toBe(true);
  } finally {
    await orders.close();
    await state.close();
  }

  const processor = await startDemoProcessor({ apiKey: DEMO_PROCESSOR_KEY, dataDir: path.join(dataDir, 'processor') });
  try {
    for (let n = 1; n <= SUBJECTS; n++) expect({ n, held: await processorHoldings({ url: processor.url, apiKey: DEMO_PROCESSOR_KEY, customerId: `cus_user${n}` }) }).toEqual({ n, held: { customer: false, payments: [] } });
    expect(await processorHoldings({ url: processor.url, apiKey: DEMO_PROCESSOR_KEY, customerId: `cus_user${SUBJECTS + 1}` })).toEqual({ customer: true, payments: [`pay_user${SUBJECTS + 1}_1`] });
  } finally {
    await processor.stop();
  }

  const helpdesk = createSqlClient({ url: `pglite://${path.join(dataDir, 'support')}` });
  try {
    const left = await helpdesk.query<{ customer_email: string }>('SELECT customer_email FROM tickets WHERE customer_email = ANY($1::text[])', [[...erased, ...control]]);
    expect(left.rows.map((r) => r.customer_email).sort()).toEqual([...control].sort());
  } finally {
    await helpdesk.close();
  }
}
