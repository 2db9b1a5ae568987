import { exampleOperations } from '../src/explorer/exampleOperations';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

/**
 * The explorer's saved operations, sent as GraphiQL sends them (the whole document plus an
 * operationName) to a real gateway: each must pass validation and the complexity limits and do
 * what its comment says, or the officer's first click would show an error.
 */
describe('explorer example operations on a real gateway', () => {
  let gw: TestGateway;
  let token: string;
  beforeAll(async () => {
    gw = await startTestGateway();
    token = await gw.token(OFFICER.roles);
  });
  afterAll(async () => {
    await gw?.close();
  });

  const run = async (operationName: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': OFFICER.purpose },
      body: JSON.stringify({ query: exampleOperations.document, operationName, variables: { ...exampleOperations.variables, ...variables } }),
    });
    const body = (await res.json()) as { data?: Record<string, any> | null; errors?: unknown[] };
    expect({ operationName, status: res.status, errors: body.errors }).toEqual({ operationName, status: 200, errors: undefined });
    return body.data ?? {};
  };

  it('FindSubject, as prefilled, shows Alice from every source', async () => {
    const { subject } = await run('FindSubject');
    expect(subject.profile.email).toBe('alice@example.com');
    expect([subject.orders.length, subject.payments.length, subject.supportMessages.length]).toEqual([3, 2, 4]);
  });

  it('ExportSubject, BlockSubject and EraseSubject start requests that FollowRequest and SubjectRequests find', async () => {
    const exported = (await run('ExportSubject', { ref: { email: 'bob@example.com' } })).exportSubject;
    expect(exported.type).toBe('EXPORT');
    const blocked = (await run('BlockSubject', { ref: { email: 'carol@example.com' } })).blockSubject;
    expect(blocked.type).toBe('BLOCK');
    const erase = { ref: { email: 'dave@example.com' }, idempotencyKey: 'explorer-test-erase-dave' };
    const erased = (await run('EraseSubject', erase)).eraseSubject;
    expect(erased.type).toBe('ERASE');
    expect((await run('EraseSubject', erase)).eraseSubject.id).toBe(erased.id);
    expect((await run('FollowRequest', { requestId: exported.id })).dsrRequest.id).toBe(exported.id);
    const listed = (await run('SubjectRequests', { ref: { email: 'bob@example.com' } })).dsrRequests;
    expect(listed.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(exported.id);
  });

  it("AuditTrail lists the reads of Alice's data and verifies the chain", async () => {
    await run('FindSubject');
    const data = await run('AuditTrail');
    expect(data.auditEvents.edges.some((e: { node: { operation: string } }) => e.node.operation === 'FindSubject')).toBe(true);
    expect(data.verifyAuditLog.ok).toBe(true);
  });
});
