import { computeDueAt } from '../../src/dsr/computeDueAt';
import { loadPolicy } from '../../src/policy/loadPolicy';
import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from '../kit/startTestGateway';

const FIELDS = 'id type status createdAt receivedAt dueAt overdue';
const days = (n: number) => new Date(Date.now() - n * 86_400_000);

describe('requests carry receivedAt: the deadline counts from it', () => {
  let gw: TestGateway;
  const policy = loadPolicy();
  const send = (field: string, type: string, input: Record<string, unknown>) => gw.query(`mutation($input: ${type}!) { ${field}(input: $input) { ${FIELDS} } }`, { ...OFFICER, variables: { input } });
  const count = async () => (await gw.query('{ dsrRequests(first: 100) { edges { node { id } } } }', OFFICER)).body.data?.dsrRequests.edges.length;
  beforeAll(async () => {
    // The worker stays off: requests stay open, so `overdue` says what the deadline says.
    gw = await startTestGateway({ env: { SEED_SUBJECTS: '0' }, overrides: { startWorker: false } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('counts an export received 40 days ago from then: already overdue', async () => {
    const receivedAt = days(40);
    const r = await send('exportSubject', 'ExportSubjectInput', { ref: { email: 'alice@example.com' }, receivedAt: receivedAt.toISOString() });
    expect(r.body.errors).toBeUndefined();
    const doc = r.body.data?.exportSubject;
    expect(doc.receivedAt).toBe(receivedAt.toISOString());
    expect(doc.dueAt).toBe(computeDueAt({ createdAt: receivedAt, deadlines: policy.deadlines, extended: false }).toISOString());
    expect(doc.overdue).toBe(true);
    expect(doc.createdAt > doc.receivedAt).toBe(true);
  });

  it('defaults to now, and takes an offset other than Z', async () => {
    const plain = (await send('blockSubject', 'BlockSubjectInput', { ref: { email: 'bob@example.com' }, reason: 'contested' })).body.data?.blockSubject;
    expect(plain.receivedAt).toBe(plain.createdAt);
    expect(plain.dueAt).toBe(computeDueAt({ createdAt: new Date(plain.createdAt), deadlines: policy.deadlines, extended: false }).toISOString());
    const received = days(1);
    const inMoscow = `${new Date(received.getTime() + 3 * 3_600_000).toISOString().slice(0, -1)}+03:00`;
    const erased = (await send('eraseSubject', 'EraseSubjectInput', { ref: { email: 'carol@example.com' }, receivedAt: inMoscow })).body;
    expect(erased.data?.eraseSubject.receivedAt).toBe(received.toISOString());
    const objectedAt = days(2).toISOString();
    const objection = await gw.query('mutation($input: ObjectionInput!) { objectToPurpose(input: $input) { receivedAt dueAt } }', { ...OFFICER, variables: { input: { ref: { email: 'dave@example.com' }, purpose: 'analytics', receivedAt: objectedAt } } });
    expect(objection.body.data?.objectToPurpose).toEqual({ receivedAt: objectedAt, dueAt: computeDueAt({ createdAt: new Date(objectedAt), deadlines: policy.deadlines, extended: false }).toISOString() });
  });

  it.each([
    ['in the future', () => new Date(Date.now() + 3_600_000).toISOString(), /not in the future/],
    ['over a year ago', () => days(400).toISOString(), /within the last 366 days/],
    ['without an offset', () => '2026-11-30T09:00:00', /ISO 8601 time with its offset/],
    ['not a time', () => 'yesterday', /ISO 8601 time with its offset/],
    ['a number', () => 1764000000, /ISO 8601 time with its offset/],
  ])('refuses a receivedAt %s, recording nothing', async (_what, value, message) => {
    const before = await count();
    for (const [field, type, input] of [
      ['exportSubject', 'ExportSubjectInput', { ref: { email: 'alice@example.com' } }],
      ['eraseSubject', 'EraseSubjectInput', { ref: { email: 'alice@example.com' } }],
      ['rectifySubject', 'RectifySubjectInput', { ref: { email: 'alice@example.com' }, changes: { name: 'Alice A.' } }],
    ] as const) {
      const r = await send(field, type, { ...input, receivedAt: value() });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      if (typeof value() === 'string') expect(r.body.errors?.[0]?.message).toMatch(message);
    }
    expect(await count()).toBe(before);
  });
});
