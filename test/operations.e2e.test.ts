import { Writable } from 'node:stream';
import { demoDataset } from '../src/demo/demoDataset';
import { createLogger } from '../src/logging/createLogger';
import { mutate, waitFor } from './kit/dsr';
import type { TestGateway } from './kit/startTestGateway';
import { startProductionGateway } from './kit/startProductionGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

/** Every identity and name of the named demo subjects, and the agent's: none may reach a log line. */
const demo = demoDataset({ subjects: 0 });
const PERSONAL = [...new Set([
  ...demo.orders.flatMap((o) => [o.email, o.phone, o.customerId, o.name, o.address, o.ip]),
  ...demo.tickets.flatMap((t) => [t.customerEmail, t.customerPhone, t.customerName]),
  'Ivan Petrov', 'ivan.petrov@shop.example',
].filter((v): v is string => typeof v === 'string'))];

describe('operating the gateway: logs, metrics, health, limits, masking', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { GATEWAY_METRICS_OPERATIONS: 'Full' }, overrides: { logger: createLogger({ level: 'debug', destination: sink }) } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('runs the demo operations', async () => {
    const full = 'query Full($ref: SubjectRef!){ subject(ref:$ref){ id status identities { type value } profile { name email phone address } orders { id total ip } payments { id amount cardLast4 } supportMessages { body } } }';
    for (const email of ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com']) {
      for (const [roles, purpose] of [[['privacy_officer'], 'dsr_handling'], [['support_agent'], 'customer_support'], [['analyst'], 'analytics'], [['marketing_service'], 'marketing']] as const) {
        expect((await gw.query(full, { roles, purpose, variables: { ref: { email } } })).status).toBe(200);
      }
    }
    await gw.query(full, { ...OFFICER, variables: { ref: { email: 'not-an-email-alice@' } } });
    await waitFor(gw, (await mutate(gw, 'exportSubject', { ref: { email: 'alice@example.com' } })).id);
    await waitFor(gw, (await mutate(gw, 'blockSubject', { ref: { phone: '+79990000002' }, reason: 'dispute' })).id);
    await waitFor(gw, (await mutate(gw, 'rectifySubject', { ref: { customerId: 'cus_carol' }, changes: { address: 'Kazan, new street 1' } })).id);
    await waitFor(gw, (await mutate(gw, 'eraseSubject', { ref: { email: 'dave@example.com' }, reason: 'art. 17' })).id);
    await gw.query('mutation($ref: SubjectRef!){ withdrawConsent(input:{ ref:$ref, purpose:"marketing" }){ status } }', { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
  });

  it('logs structured lines with request ids and without any personal data', () => {
    expect(lines.length).toBeGreaterThan(20);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = parsed.filter((l) => l.msg === 'graphql request');
    expect(requests.length).toBeGreaterThanOrEqual(16);
    for (const l of requests) expect(l.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const all = lines.join('\n');
    for (const value of PERSONAL) expect({ value, found: all.includes(value) }).toEqual({ value, found: false });
    expect(all.toLowerCase()).not.toContain('alice');
  });

  it('counts requests, source latency, audit events and DSR states in /metrics', async () => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    expect(value(/gateway_requests_total\{operation="Full",purpose="customer_support",outcome="[a-z]+"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(value(/gateway_source_call_seconds_count\{source="payments",operation="find",outcome="ok"\} (\d+)/)).toBeGreaterThan(0);
    expect(value(/gateway_audit_events_total (\d+)/)).toBeGreaterThan(16);
    expect(value(/gateway_dsr_requests\{type="ERASE",status="COMPLETED"\} (\d+)/)).toBe(1);
    expect(value(/gateway_dsr_overdue (\d+)/)).toBe(0);
    const before = value(/gateway_requests_total\{operation="Full",purpose="dsr_handling",outcome="ok"\} (\d+)/);
    await gw.query('query Full($ref: SubjectRef!){ subject(ref:$ref){ id } }', { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    const after = await (await fetch(`${gw.url}/metrics`)).text();
    expect(Number(/gateway_requests_total\{operation="Full",purpose="dsr_handling",outcome="ok"\} (\d+)/.exec(after)?.[1])).toBe(before + 1);
  });

  it('answers /healthz and /readyz with every source', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { sources: Array<{ name: string; ok: boolean }> }).sources).toEqual([
      { name: 'orders', ok: true, circuit: 'closed' },
      { name: 'payments', ok: true, circuit: 'closed' },
      { name: 'support', ok: true, circuit: 'closed' },
      { name: 'newsletter', ok: true, circuit: 'closed' },
    ]);
  });

  it('rejects queries past the depth, alias and cost limits with QUERY_TOO_COMPLEX', async () => {
    const ok = '{ dsrRequests(first: 1) { edges { node { certificate { sources { source } } } } } }';
    expect(codes(await gw.query(ok, OFFICER))).toEqual([]);
    const tooDeep = `query { __schema { types { fields { type ${'{ ofType '.repeat(30)}{ name }${' }'.repeat(30)} } } } }`;
    expect(codes(await gw.query(tooDeep, OFFICER))).toContain('QUERY_TOO_COMPLEX');
    const aliases = `query { ${Array.from({ length: 60 }, (_, i) => `a${i}: dataMap { policyVersion }`).join(' ')} }`;
    expect(codes(await gw.query(aliases, OFFICER))).toContain('QUERY_TOO_COMPLEX');
  });

  it('masks unexpected errors to a generic message with the request id the log carries', async () => {
    const spy = jest.spyOn(gw.gateway.services.dsr.ledger, 'list').mockRejectedValueOnce(Object.assign(new Error('E11000 duplicate key: alice@example.com at /srv/db'), { code: 11000 }));
    const r = await gw.query('{ dsrRequests { edges { node { id } } } }', OFFICER);
    spy.mockRestore();
    expect(codes(r)).toEqual(['INTERNAL_SERVER_ERROR']);
    const requestId = r.body.errors?.[0]?.extensions?.requestId;
    expect(r.body.errors?.[0]?.message).toBe(`Internal error. Quote request id ${requestId} to the operator.`);
    expect(JSON.stringify(r.body)).not.toMatch(/E11000|alice|srv/);
    const logged = lines.filter((l) => l.includes(requestId) && l.includes('unexpected error'));
    expect(logged).toHaveLength(1);
    // The log says what failed and where, not the driver's message with the value it quoted.
    expect(JSON.parse(logged[0] as string).err).toMatchObject({ type: 'GraphQLError', cause: { type: 'Error', code: 11000, frames: expect.any(Array) } });
    expect(logged[0]).not.toMatch(/alice|E11000/);
  });
});

describe('introspection in production', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startProductionGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('is refused to services and allowed to privacy officers', async () => {
    const q = '{ __schema { queryType { name } } }';
    const service = await gw.query(q, { roles: ['shop_service'], purpose: 'order_fulfillment' });
    expect({ status: service.status, codes: codes(service) }).toEqual({ status: 403, codes: ['FORBIDDEN'] });
    expect(service.body.data ?? null).toBeNull();
    const officer = await gw.query(q, OFFICER);
    expect(officer.body.data?.__schema.queryType.name).toBe('Query');
  });
});
