import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GatewayProcess } from './gatewayProcess';
import { freePort, startGatewayProcess } from './gatewayProcess';
import type { Holdings } from './sharedSystems';
import { openSharedSystems } from './sharedSystems';
import { OFFICER } from './startTestGateway';

interface RequestView {
  id: string;
  status: string;
  lastError: string | null;
  tasks: Array<{ source: string; status: string }>;
  certificate: { sha256: string; sources: Array<{ source: string; deleted: number; depersonalized: number; retained: number }> } | null;
}
const REQUEST = 'id status lastError tasks { source status } certificate { sha256 sources { source deleted depersonalized retained } }';

/** What the many-instances run found; every list is of what went wrong, empty when all held. */
export interface InstancesFindings {
  erasures: number;
  seconds: number;
  /** Accepted and in progress when the instance was killed (the kill landed mid-work when both > 0). */
  atKill: { accepted: number; inProgress: number };
  /** Requests in the ledger, by status, as the surviving instances report them. */
  statuses: Record<string, number>;
  /** Keys answered with another request id than the first answer (on resubmission, on another instance). */
  idsChanged: string[];
  /** Requests whose certificate differs from what the plan for that subject must certify, or that changed after the kill. */
  certificates: string[];
  /** Subjects whose data a source still holds, and untouched control subjects a source lost. */
  sources: string[];
  ledger: { rows: number; distinctKeys: number; open: number; leased: number };
  audit: { ok: boolean; checked: number };
}

const keyOf = (n: number) => `instances-${String(n).padStart(5, '0')}`;
const input = (n: number) => ({ ref: { email: `user${n}@demo.example` }, reason: 'art. 17 (many instances)', idempotencyKey: keyOf(n) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const expectedCounts = (n: number) => ({ orders: [0, 1, 0], payments: [2, 0, 0], support: [n % 10 === 0 ? 2 : 0, 0, 0], newsletter: [n % 3 === 0 ? 1 : 0, 0, 0] });
const erasedHoldings = (): Holdings => ({ orders: { total: 1, identified: 0 }, tickets: 0, subscribers: 0, processor: { customer: false, payments: [] } });
const untouchedHoldings = (n: number): Holdings => ({ orders: { total: 1, identified: 1 }, tickets: n % 10 === 0 ? 1 : 0, subscribers: n % 3 === 0 ? 1 : 0, processor: { customer: true, payments: [`pay_user${n}_1`] } });

/**
 * Three gateway processes (`tsx src/index.ts`, as `npm start` runs it) over one PostgreSQL state
 * and shared sources (see sharedSystems). `erasures` requests for generated subjects go to them
 * in batches, spread round-robin; once half are accepted and one is in progress, instance 2 is
 * SIGKILLed (with a batch in flight) and not restarted: batches it did not answer are resent to the others with the same keys,
 * and its leased requests are taken over when their leases end. Then: every key one request, each
 * completed once with the certificate its subject's plan calls for, every source agreeing with
 * the ledger (read directly, not through a gateway), the audit chain whole.
 *
 * Hook for the retention scheduler (#15.3): pass its interval in `env` (e.g. RETENTION_INTERVAL)
 * and count the runs in `systems.state` before teardown: one per interval in total, not per instance.
 */
export async function runInstancesScenario(options: { serverUrl: string; erasures: number; batch: number; env?: Record<string, string>; log?: (line: string) => void }): Promise<InstancesFindings> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const controls = Array.from({ length: 10 }, (_, i) => options.erasures + 1 + i);
  const systems = await openSharedSystems({ serverUrl: options.serverUrl, subjects: options.erasures + controls.length });
  const dirs: string[] = [];
  const gateways: Array<GatewayProcess | null> = [];
  try {
    // Three instances × four server pools (state, helpdesk, orders, newsletter) must fit the server's max_connections beside other users.
    const env = { ...systems.env, SOURCE_TIMEOUT_MS: '15000', GATEWAY_SQL_POOL_MAX: '3', ...options.env };
    const starting = [0, 1, 2].map(async () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pg-inst-gw-'));
      dirs.push(dataDir);
      return startGatewayProcess({ dataDir, port: await freePort(), env, readyTimeoutMs: 120_000 });
    });
    gateways.push(...(await Promise.all(starting)));
    log(`three gateways up over one state (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const live = () => gateways.filter((g): g is GatewayProcess => g !== null);

    const ns = Array.from({ length: options.erasures }, (_, i) => i + 1);
    const batches: number[][] = [];
    for (let i = 0; i < ns.length; i += options.batch) batches.push(ns.slice(i, i + options.batch));
    const answered = new Map<string, string>();
    const idsChanged: string[] = [];
    const submit = async (gw: GatewayProcess, batch: readonly number[]): Promise<void> => {
      const r = await gw.query(`mutation($inputs: [EraseSubjectInput!]!){ eraseSubjects(inputs:$inputs){ id } }`, { ...OFFICER, variables: { inputs: batch.map(input) } });
      if (r.body.errors || !r.body.data) throw new Error(`eraseSubjects: expected data, got ${JSON.stringify(r.body.errors).slice(0, 300)}; the gateway's log ends:\n${gw.output().slice(-3000)}`);
      (r.body.data.eraseSubjects as Array<{ id: string }>).forEach(({ id }, i) => {
        const key = keyOf(batch[i] as number);
        const first = answered.get(key);
        if (first === undefined) answered.set(key, id);
        else if (first !== id) idsChanged.push(`${key}: ${first} then ${id}`);
      });
    };
    const allErasures = async (): Promise<RequestView[]> => {
      const out: RequestView[] = [];
      let after: string | null = null;
      for (;;) {
        const gw = live()[0] as GatewayProcess;
        const r = await gw.query(`query($after: String){ dsrRequests(type: ERASE, first: 100, after: $after){ edges { node { ${REQUEST} } } pageInfo { hasNextPage endCursor } } }`, { ...OFFICER, variables: { after } });
        const page = r.body.data?.dsrRequests as { edges: Array<{ node: RequestView }>; pageInfo: { hasNextPage: boolean; endCursor: string } } | undefined;
        if (!page) throw new Error(`dsrRequests: expected a page, got ${JSON.stringify(r.body.errors).slice(0, 300)}`);
        out.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage) return out;
        after = page.pageInfo.endCursor;
      }
    };

    // Submitters, one per instance; a batch whose instance died under it goes back to the queue.
    const queue = [...batches];
    let killed: Promise<{ accepted: number; inProgress: number }> | null = null;
    const certifiedBeforeKill = new Map<string, string>();
    const killMidWay = async () => {
      let inProgress = 0;
      for (let i = 0; i < 400 && inProgress === 0; i++) {
        inProgress = (await allErasures()).filter((r) => r.status === 'IN_PROGRESS').length;
        if (inProgress === 0) await sleep(25);
      }
      for (const r of await allErasures()) if (r.status === 'COMPLETED' && r.certificate) certifiedBeforeKill.set(r.id, r.certificate.sha256);
      const accepted = answered.size;
      // One more batch sent to the victim just before the kill: cut off or answered, the client resends it.
      const cut = queue.shift();
      const victim = gateways[1] as GatewayProcess;
      const inFlight = cut ? submit(victim, cut).catch(() => queue.push(cut)) : null;
      await sleep(30);
      // Out of the live set before the signal: a submitter whose call the kill cuts off must find
      // its instance gone (and requeue the batch), whichever of the two it sees first.
      gateways[1] = null;
      await victim.kill('SIGKILL');
      await inFlight;
      log(`instance 2 SIGKILLed with ${accepted} accepted, ${inProgress} in progress`);
      return { accepted, inProgress };
    };
    await Promise.all(
      [0, 1, 2].map(async (slot) => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const gw = gateways[slot] ?? live()[slot % live().length];
          if (!gw) throw new Error('expected a live gateway');
          try {
            await submit(gw, batch);
          } catch (error) {
            if (gateways.includes(gw)) throw error;
            queue.push(batch);
          }
          if (!killed && answered.size >= options.erasures / 2) killed = killMidWay();
          if (killed) await killed;
        }
      }),
    );
    const atKill = await (killed ?? killMidWay());
    // The client resends everything (to the survivors): the same keys answer the same requests.
    for (const [i, batch] of batches.entries()) await submit(live()[i % live().length] as GatewayProcess, batch);
    log(`all ${answered.size} accepted and resent; waiting for the ledger (a killed lease ends after DSR_LEASE_MS, 30 s by default)`);

    let erasures: RequestView[] = [];
    for (let i = 0; i < 600; i++) {
      erasures = await allErasures();
      if (erasures.length >= options.erasures && erasures.every((r) => r.status === 'COMPLETED' || r.status === 'FAILED')) break;
      await sleep(500);
    }
    const statuses: Record<string, number> = {};
    for (const r of erasures) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const byId = new Map(erasures.map((r) => [r.id, r]));
    const certificates: string[] = [];
    for (const n of ns) {
      const r = byId.get(answered.get(keyOf(n)) ?? '');
      const counts = Object.fromEntries((r?.certificate?.sources ?? []).map((s) => [s.source, [s.deleted, s.depersonalized, s.retained]]));
      if (JSON.stringify(counts) !== JSON.stringify(expectedCounts(n))) certificates.push(`user${n}: ${r?.status ?? 'no request'} ${JSON.stringify(counts)} ${r?.lastError ?? ''}`);
    }
    for (const [id, sha] of certifiedBeforeKill) if (byId.get(id)?.certificate?.sha256 !== sha) certificates.push(`${id}: its certificate changed after the kill`);

    const sources: string[] = [];
    for (const n of [...ns, ...controls]) {
      const want = n <= options.erasures ? erasedHoldings() : untouchedHoldings(n);
      const have = await systems.holdings(n);
      if (JSON.stringify(have) !== JSON.stringify(want)) sources.push(`user${n}: expected ${JSON.stringify(want)}, got ${JSON.stringify(have)}`);
    }
    const { rows } = await systems.state.query<{ rows: string; keys: string; open: string; leased: string }>(
      "SELECT count(*) AS rows, count(DISTINCT idempotency_key) AS keys, count(*) FILTER (WHERE status <> 'COMPLETED') AS open, count(lease_owner) AS leased FROM dsr_requests WHERE type = 'ERASE'",
    );
    const ledger = { rows: Number(rows[0]?.rows), distinctKeys: Number(rows[0]?.keys), open: Number(rows[0]?.open), leased: Number(rows[0]?.leased) };
    const verified = await (live()[0] as GatewayProcess).query('{ verifyAuditLog { ok checked } }', OFFICER);
    const audit = (verified.body.data?.verifyAuditLog as { ok: boolean; checked: number } | undefined) ?? { ok: false, checked: 0 };
    return { erasures: options.erasures, seconds: Math.round((performance.now() - started) / 100) / 10, atKill, statuses, idsChanged, certificates, sources, ledger, audit };
  } finally {
    await Promise.allSettled(gateways.map((g) => g?.kill('SIGTERM')));
    await systems.teardown();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
