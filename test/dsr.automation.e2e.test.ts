import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackKey } from '../src/dsr/deliverCallbacks';
import { exportPath } from '../src/dsr/writeExport';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';
import { mutate, waitFor } from './kit/dsr';

/** A receiver for callbacks that refuses the first notice, as a busy system would. */
function startReceiver() {
  const received: Array<{ body: string; signature: string; status: number }> = [];
  let refuse = 1;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = refuse-- > 0 ? 503 : 204;
      received.push({ body, signature: String(req.headers['x-gateway-signature']), status });
      res.writeHead(status).end();
    });
  });
  return new Promise<{ url: string; received: typeof received; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((r) => server.close(() => r())) }));
  });
}

describe('erasure for automated systems', () => {
  let gw: TestGateway;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    gw = await startTestGateway({ env: { CALLBACK_ALLOWLIST: `${receiver.url}/hooks` } });
  });
  afterAll(async () => {
    await gw?.close();
    await receiver?.close();
  });

  it('takes up to 100 erasures at once, each its own request, in input order; 101 is refused whole', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ({ ref: { email: `user${i + 1}@demo.example` }, reason: 'account closed', idempotencyKey: `batch-0001-${i + 1}` }));
    const r = await gw.query('mutation($inputs:[EraseSubjectInput!]!){ eraseSubjects(inputs:$inputs){ id subjectId status } }', { ...OFFICER, variables: { inputs } });
    expect(r.body.errors).toBeUndefined();
    const requests = r.body.data?.eraseSubjects;
    expect(requests).toHaveLength(100);
    expect(new Set(requests.map((x: { id: string }) => x.id)).size).toBe(100);
    const retried = await gw.query('mutation($inputs:[EraseSubjectInput!]!){ eraseSubjects(inputs:$inputs){ id } }', { ...OFFICER, variables: { inputs } });
    expect(retried.body.data?.eraseSubjects.map((x: { id: string }) => x.id)).toEqual(requests.map((x: { id: string }) => x.id));
    for (const req of requests) expect((await waitFor(gw, req.id, 60_000)).status).toBe('COMPLETED');
    const tooMany = await gw.query('mutation($inputs:[EraseSubjectInput!]!){ eraseSubjects(inputs:$inputs){ id } }', { ...OFFICER, variables: { inputs: [...inputs, { ref: { email: 'user101@demo.example' }, reason: 'x' }] } });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers one subject or one key given twice in a batch with one request, and refuses a key of another subject before recording anything', async () => {
    const erase = 'mutation($inputs:[EraseSubjectInput!]!){ eraseSubjects(inputs:$inputs){ id subjectId } }';
    // user115's email and customer id name one subject; user116 comes twice under one key.
    const inputs = [
      { ref: { email: 'user115@demo.example' }, reason: 'r', idempotencyKey: 'batch-0002-a' },
      { ref: { customerId: 'cus_user115' }, reason: 'r', idempotencyKey: 'batch-0002-b' },
      { ref: { email: 'user116@demo.example' }, reason: 'r', idempotencyKey: 'batch-0002-c' },
      { ref: { email: 'user116@demo.example' }, reason: 'r', idempotencyKey: 'batch-0002-c' },
    ];
    const r = await gw.query(erase, { ...OFFICER, variables: { inputs } });
    expect(r.body.errors).toBeUndefined();
    const [a, b, c, d] = r.body.data?.eraseSubjects as Array<{ id: string; subjectId: string }>;
    expect([b?.id, d?.id]).toEqual([a?.id, c?.id]);
    expect(a?.id).not.toBe(c?.id);
    const count = async () => (await gw.gateway.services.state.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM dsr_requests')).rows[0]?.n;
    const before = await count();
    const reused = await gw.query(erase, { ...OFFICER, variables: { inputs: [{ ref: { email: 'user117@demo.example' }, reason: 'r' }, { ref: { email: 'user118@demo.example' }, reason: 'r', idempotencyKey: 'batch-0002-a' }] } });
    expect(codes(reused)).toEqual(['BAD_USER_INPUT']);
    expect(await count()).toBe(before);
    for (const req of [a, c]) expect((await waitFor(gw, req?.id as string, 60_000)).status).toBe('COMPLETED');
  });

  it('sends a signed status notice to an allowlisted callback, retried until accepted', async () => {
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user110@demo.example' }, reason: 'account closed', callbackUrl: `${receiver.url}/hooks/erasure?tenant=7` });
    const done = await waitFor(gw, accepted.id);
    const { dsr } = gw.gateway.services;
    await dsr.deliverCallbacks(new Date());
    await dsr.deliverCallbacks(new Date(Date.now() + 10_000)); // after the backoff
    const delivered = receiver.received.filter((r) => JSON.parse(r.body).requestId === accepted.id);
    expect(delivered.map((d) => d.status)).toEqual([503, 204]);
    const notice = JSON.parse(delivered[1]?.body ?? '{}');
    expect(notice).toEqual({ requestId: accepted.id, type: 'ERASE', status: 'COMPLETED', subjectId: done.subjectId, completedAt: done.completedAt, alreadyErased: false, certificateSha256: done.certificate.sha256 });
    const [t, v1] = (delivered[1]?.signature ?? '').split(',').map((p) => p.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', callbackKey(gw.gateway.services.config.pseudonymSecret)).update(`${t}.${delivered[1]?.body}`).digest('hex'));
    expect(JSON.stringify(delivered)).not.toMatch(/user110/);
    expect(await dsr.deliverCallbacks(new Date(Date.now() + 3_600_000))).toBe(0); // delivered once, never again
  });

  it('records a default reason when an erasure comes without one (the contract does not require it)', async () => {
    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'user112@demo.example' } });
    expect(accepted.reason).toBe('erasure requested by the data subject');
    const blank = await gw.query('mutation{ eraseSubject(input:{ ref:{ email:"user112@demo.example" }, reason:"  " }){ id } }', OFFICER);
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses callback URLs outside the allowlist, including a prefix that only looks alike', async () => {
    for (const callbackUrl of [`${receiver.url}/hooksx`, `${receiver.url}/other`, 'http://localhost/hooks', `http://user:pw@${new URL(receiver.url).host}/hooks`]) {
      const r = await gw.query('mutation($u: String){ eraseSubject(input:{ ref:{ email:"user111@demo.example" }, reason:"x", callbackUrl:$u }){ id } }', { ...OFFICER, variables: { u: callbackUrl } });
      expect({ callbackUrl, codes: codes(r) }).toEqual({ callbackUrl, codes: ['BAD_USER_INPUT'] });
    }
  });

  it('deletes an export file once its retention has passed', async () => {
    const done = await waitFor(gw, (await mutate(gw, 'exportSubject', { ref: { email: 'bob@example.com' } })).id);
    const file = exportPath(gw.gateway.services.config.dataDir, done.id);
    expect(existsSync(file)).toBe(true);
    expect(await gw.gateway.services.dsr.expireExports(new Date(Date.now() + 24 * 3_600_000))).toBe(0);
    expect(await gw.gateway.services.dsr.expireExports(new Date(Date.now() + 8 * 24 * 3_600_000))).toBe(1);
    expect(existsSync(file)).toBe(false);
    const res = await fetch(`${gw.url}/exports/${done.id}`, { headers: { authorization: `Bearer ${await gw.token(['privacy_officer'])}`, 'x-purpose': 'dsr_handling' } });
    expect(res.status).toBe(404);
  });
});
