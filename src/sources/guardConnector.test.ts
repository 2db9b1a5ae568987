import { SourceUnavailableError } from '../errors';
import { SqlError } from '../sql/SqlClient';
import type { Connector } from './Connector';
import { classifyFailure } from './classifyFailure';
import { guardConnector } from './guardConnector';

/** A connector whose reads fail with `error`: the guard's breaker is what is under test. */
const failingWith = (error: Error): Connector => ({
  name: 'src', system: 'test', collections: [], categories: [], typeDefs: '', queryableBy: ['EMAIL'], reveals: ['EMAIL'], profileFields: [], capabilities: ['read'],
  findByIdentities: async () => { throw error; },
  health: async () => undefined,
  async *exportRecords() { /* none */ },
  restrict: async () => ({ records: 0 }),
  planErase: async () => ({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] }),
  erase: async () => ({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [] }),
  planEraseMany: async () => [],
  eraseMany: async () => [],
  rectify: async () => ({ records: 0, mode: 'none' }),
  purgeRecords: async () => ({ deleted: 0 }),
  close: async () => undefined,
});

const read = (c: ReturnType<typeof guardConnector>) => c.findByIdentities([{ type: 'EMAIL', value: 'a@example.com' }]).catch((e: unknown) => e);

describe('guardConnector and the one failure classifier', () => {
  it('never opens the circuit for values a source refuses (a per-key error), however many', async () => {
    const refused = new SourceUnavailableError('src', new SqlError('SQL query failed: invalid byte sequence', { operation: 'query', code: '22021', transient: false }));
    expect(classifyFailure(refused)).toBe('refused');
    const guarded = guardConnector(failingWith(refused), { timeoutMs: 1000, breakAfter: 3 });
    for (let i = 0; i < 10; i++) expect(await read(guarded)).toBeInstanceOf(SourceUnavailableError);
    expect(guarded.circuitState()).toBe('closed');
  });

  it('opens it after consecutive failures of the source itself', async () => {
    const down = new SourceUnavailableError('src', new SqlError('SQL query failed: ECONNREFUSED', { operation: 'query', code: 'ECONNREFUSED', transient: true }));
    expect(classifyFailure(down)).toBe('transient');
    const guarded = guardConnector(failingWith(down), { timeoutMs: 1000, breakAfter: 3 });
    for (let i = 0; i < 3; i++) await read(guarded);
    expect(guarded.circuitState()).toBe('open');
  });

  it('classifies bad credentials as permanent and timeouts as transient', () => {
    expect(classifyFailure(new SqlError('SQL connect failed: 28P01', { operation: 'connect', code: '28P01', transient: false }))).toBe('permanent');
    expect(classifyFailure(new DOMException('timed out', 'TimeoutError'))).toBe('transient');
    expect(classifyFailure(Object.assign(new Error('socket'), { code: 'ECONNRESET' }))).toBe('transient');
  });
});
