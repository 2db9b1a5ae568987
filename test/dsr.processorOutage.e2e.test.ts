import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GatewayProcess } from './kit/gatewayProcess';
import { freePort, startGatewayProcess } from './kit/gatewayProcess';
import { DEMO_PROCESSOR_KEY, processorHoldings } from './kit/processorHoldings';
import type { ProcessorProcess } from './kit/processorProcess';
import { startProcessorProcess } from './kit/processorProcess';
import { OFFICER } from './kit/startTestGateway';

/**
 * Issue #10.1/#10.2, end to end: the payment processor runs as its own process and is stopped
 * while a subject is erased, for longer than the old give-up time (8 attempts; at the backoff
 * configured here, about 1.4 s). Nothing is acted on while the processor cannot say which records
 * are the subject's — the orders keep the only link from the email to the customer id — and once
 * it is back the request completes, its certificate counts the processor's records, and the
 * processor holds no customer any more. Once with the gateway running throughout, once with
 * the gateway SIGKILLed while the processor is down.
 */

const SUBJECTS = 40;
const OUTAGE_MS = 3000;
const REQUEST = `id status alreadyErased lastError
  tasks { source status attempts lastError notBefore }
  certificate { sha256 sources { source deleted depersonalized retained } }`;

interface RequestView {
  id: string;
  status: string;
  alreadyErased: boolean;
  lastError: string | null;
  tasks: Array<{ source: string; status: string; attempts: number; lastError: string | null; notBefore: string | null }>;
  certificate: { sha256: string; sources: Array<{ source: string; deleted: number; depersonalized: number; retained: number }> } | null;
}

let dir: string;
let processorPort: number;
let gatewayPort: number;
let processor: ProcessorProcess | null = null;
let gw: GatewayProcess | null = null;

const processorDir = () => path.join(dir, 'processor-service');
const startProcessor = async () => (processor = await startProcessorProcess({ port: processorPort, dataDir: processorDir(), subjects: SUBJECTS }));
const startGateway = async () =>
  (gw = await startGatewayProcess({
    dataDir: path.join(dir, 'gateway'),
    port: gatewayPort,
    env: {
      SEED_SUBJECTS: String(SUBJECTS),
      PAYMENTS_API_URL: `http://127.0.0.1:${processorPort}`,
      PAYMENTS_API_KEY: DEMO_PROCESSOR_KEY,
      SOURCE_TIMEOUT_MS: '2000',
      DSR_RETRY_INITIAL_MS: '50',
      DSR_RETRY_MAX_MS: '200',
    },
  }));
const running = (): GatewayProcess => {
  if (!gw) throw new Error('expected a running gateway');
  return gw;
};

async function erase(ref: Record<string, string>, key: string): Promise<RequestView> {
  const r = await running().query(`mutation($input: EraseSubjectInput!){ eraseSubject(input:$input){ ${REQUEST} } }`, { ...OFFICER, variables: { input: { ref, reason: 'art. 17 (outage test)', idempotencyKey: key } } });
  if (r.body.errors) throw new Error(`eraseSubject failed: ${JSON.stringify(r.body.errors)}`);
  return r.body.data?.eraseSubject as RequestView;
}

async function request(id: string): Promise<RequestView> {
  const r = await running().query(`query($id: ID!){ dsrRequest(id:$id){ ${REQUEST} } }`, { ...OFFICER, variables: { id } });
  return r.body.data?.dsrRequest as RequestView;
}

async function until(id: string, done: (r: RequestView) => boolean, timeoutMs: number): Promise<RequestView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await request(id);
    if (r && done(r)) return r;
    if (Date.now() > deadline) throw new Error(`request ${id} did not get there: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** The subject's identities as the gateway resolves them now (the orders link the email to the customer id). */
async function identitiesOf(email: string): Promise<string[]> {
  const r = await running().query('query($ref: SubjectRef!){ subject(ref:$ref){ identities { type value } } }', { ...OFFICER, variables: { ref: { email } } });
  return ((r.body.data?.subject?.identities ?? []) as Array<{ type: string; value: string }>).map((i) => `${i.type}:${i.value}`).sort();
}

const holdings = (n: number) => processorHoldings({ url: `http://127.0.0.1:${processorPort}`, apiKey: DEMO_PROCESSOR_KEY, customerId: `cus_user${n}` });

/** While the processor is down: the request waits, says why, and nothing of the subject was touched. */
async function expectWaiting(id: string, n: number): Promise<void> {
  const waiting = await request(id);
  expect(waiting.status).toBe('IN_PROGRESS');
  expect(waiting.certificate).toBeNull();
  expect(waiting.lastError).toMatch(/waiting for "payments" to answer/);
  expect(waiting.tasks.every((t) => t.status === 'PENDING' && t.attempts === 0)).toBe(true);
  expect(await identitiesOf(`user${n}@demo.example`)).toContain(`CUSTOMER_ID:cus_user${n}`);
}

async function expectErasedEverywhere(id: string, n: number): Promise<void> {
  const done = await until(id, (r) => r.status === 'COMPLETED' || r.status === 'FAILED', 60_000);
  expect({ status: done.status, lastError: done.lastError }).toEqual({ status: 'COMPLETED', lastError: null });
  const counts = Object.fromEntries((done.certificate?.sources ?? []).map((s) => [s.source, [s.deleted, s.depersonalized, s.retained]]));
  // At the processor: the payment and the customer record.
  expect(counts.payments).toEqual([2, 0, 0]);
  expect(counts.orders).toEqual([0, 1, 0]);
  expect(await holdings(n)).toEqual({ customer: false, payments: [] });
  // Asked by the customer id the orders no longer hold: erased, because every source confirmed.
  const again = await erase({ customerId: `cus_user${n}` }, `outage-again-${n}`);
  expect(again.alreadyErased).toBe(true);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pg-outage-'));
  processorPort = await freePort();
  gatewayPort = await freePort();
  await startProcessor();
  await startGateway();
}, 120_000);
afterAll(async () => {
  await gw?.kill('SIGKILL');
  await processor?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('an erasure waits out a processor outage longer than the old give-up time, then completes and counts the processor', async () => {
  const n = 5;
  expect(await holdings(n)).toEqual({ customer: true, payments: [`pay_user${n}_1`] });
  await processor?.stop();
  processor = null;
  const accepted = await erase({ email: `user${n}@demo.example` }, `outage-${n}`);
  await new Promise((res) => setTimeout(res, OUTAGE_MS));
  await expectWaiting(accepted.id, n);
  // The same subject by another identity: the same open request, not "already erased".
  const byCustomerId = await erase({ customerId: `cus_user${n}` }, `outage-by-id-${n}`);
  expect({ id: byCustomerId.id, alreadyErased: byCustomerId.alreadyErased }).toEqual({ id: accepted.id, alreadyErased: false });
  await startProcessor();
  await expectErasedEverywhere(accepted.id, n);
}, 180_000);

it('and the same with the gateway SIGKILLed while the processor is down: the restarted worker resumes from the ledger', async () => {
  const n = 6;
  expect(await holdings(n)).toEqual({ customer: true, payments: [`pay_user${n}_1`] });
  await processor?.stop();
  processor = null;
  const accepted = await erase({ email: `user${n}@demo.example` }, `outage-${n}`);
  await until(accepted.id, (r) => r.lastError !== null, 20_000);
  const killed = await running().kill('SIGKILL');
  expect(killed.signal ?? killed.code).toBeTruthy();
  gw = null;
  await new Promise((res) => setTimeout(res, OUTAGE_MS / 2));
  await startGateway();
  await new Promise((res) => setTimeout(res, OUTAGE_MS / 2));
  await expectWaiting(accepted.id, n);
  await startProcessor();
  await expectErasedEverywhere(accepted.id, n);
}, 240_000);
