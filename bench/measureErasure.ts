import { setTimeout as sleep } from 'node:timers/promises';
import type { TestGateway } from '../test/kit/startTestGateway';
import { OFFICER } from '../test/kit/startTestGateway';
import type { BenchResult, BenchSettings } from './BenchResult';
import { emailRef } from './benchQueries';
import { SUBJECTS } from './benchSubjects';

const ERASE = 'mutation Erase($inputs: [EraseSubjectInput!]!) { eraseSubjects(inputs: $inputs) { id status } }';
const OPEN = 'query Open { pending: dsrRequests(type: ERASE, status: PENDING, first: 1) { edges { cursor } } running: dsrRequests(type: ERASE, status: IN_PROGRESS, first: 1) { edges { cursor } } }';
const DONE = `query Done($after: String) { dsrRequests(type: ERASE, first: 100, after: $after) {
  edges { node { id status certificate { sha256 sources { source } } } } pageInfo { hasNextPage endCursor } } }`;

async function gql(gw: TestGateway, query: string, variables: Record<string, unknown>): Promise<any> {
  const r = await gw.query(query, { ...OFFICER, variables });
  if (r.body.errors) throw new Error(`erasure: expected no errors, got ${JSON.stringify(r.body.errors).slice(0, 300)}`);
  return r.body.data;
}

/** Submits erasures of `subjects` in batches of 100, as an automated client would, and polls until none is open. Returns seconds. */
async function eraseAll(gw: TestGateway, subjects: number[]): Promise<{ seconds: number; ids: string[] }> {
  const started = performance.now();
  const ids: string[] = [];
  for (let at = 0; at < subjects.length; at += 100) {
    const inputs = subjects.slice(at, at + 100).map((n) => ({ ref: emailRef(n), reason: 'benchmark: data subject request', idempotencyKey: `bench-erase-${n}` }));
    const data = await gql(gw, ERASE, { inputs });
    ids.push(...data.eraseSubjects.map((r: { id: string }) => r.id));
  }
  // Polled as a client would, but gently (every 100 ms): the poll shares the gateway's CPU with the worker.
  for (;;) {
    const open = await gql(gw, OPEN, {});
    if (open.pending.edges.length === 0 && open.running.edges.length === 0) break;
    await sleep(100);
  }
  return { seconds: (performance.now() - started) / 1000, ids };
}

/** Every request COMPLETED with a certificate naming every source: the erasure really finished, verified. */
async function checkCertificates(gw: TestGateway, ids: string[]): Promise<void> {
  const wanted = new Set(ids);
  const sources = gw.gateway.services.connectors.length;
  let after: string | null = null;
  do {
    const data = await gql(gw, DONE, { after });
    for (const { node } of data.dsrRequests.edges) {
      if (!wanted.has(node.id)) continue;
      if (node.status !== 'COMPLETED' || node.certificate?.sources.length !== sources) throw new Error(`erasure: expected ${node.id} COMPLETED with a certificate for ${sources} sources, got ${JSON.stringify(node)}`);
      wanted.delete(node.id);
    }
    after = data.dsrRequests.pageInfo.hasNextPage ? data.dsrRequests.pageInfo.endCursor : null;
  } while (after);
  if (wanted.size > 0) throw new Error(`erasure: expected every request listed, ${wanted.size} missing`);
}

/**
 * End-to-end erasures of generated subjects (every source, verified, certificate issued): a small
 * run, then a large one on other subjects. perSecond is the large run's; costRatio compares the
 * per-subject time of the two, so 1 means the cost per erasure does not grow with the backlog.
 */
export async function measureErasure(gw: TestGateway, settings: BenchSettings, log: (line: string) => void): Promise<BenchResult['erasure']> {
  const [small, large] = settings.erasures;
  const subjects = Array.from({ length: small + large }, (_, i) => SUBJECTS.erased(i));
  const first = await eraseAll(gw, subjects.slice(0, small));
  await checkCertificates(gw, first.ids);
  log(`erasure: ${small} subjects in ${first.seconds.toFixed(2)} s`);
  const second = await eraseAll(gw, subjects.slice(small));
  await checkCertificates(gw, second.ids);
  log(`erasure: ${large} subjects in ${second.seconds.toFixed(2)} s`);
  const perSecond = Math.round((large / second.seconds) * 10) / 10;
  const costRatio = Math.round((second.seconds / large / (first.seconds / small)) * 100) / 100;
  return { subjects: large, perSecond, costRatio };
}
