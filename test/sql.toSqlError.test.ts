import { SqlError } from '../src/sql/SqlClient';
import { toSqlError } from '../src/sql/toSqlError';

describe('toSqlError', () => {
  const driverError = (code: string | undefined, message = 'driver says: value "alice@example.com"'): Error =>
    Object.assign(new Error(message), { code });

  it.each([
    ['ECONNREFUSED', true], ['ECONNRESET', true], ['ETIMEDOUT', true], ['08006', true], ['57P01', true],
    ['53300', true], ['40001', true], ['40P01', true], ['57014', true],
    ['23505', false], ['22P02', false], ['42601', false], ['42P01', false], ['WORKER_CRASHED', false],
  ])('classifies code %s as transient: %s', (code, transient) => {
    expect(toSqlError(driverError(code), 'query').transient).toBe(transient);
  });

  it('recognises node-postgres connection losses that carry no code', () => {
    expect(toSqlError(driverError(undefined, 'Connection terminated unexpectedly'), 'query')).toMatchObject({ transient: true, message: 'SQL query failed: connection lost' });
    expect(toSqlError(driverError(undefined, 'timeout exceeded when trying to connect'), 'connect').transient).toBe(true);
    expect(toSqlError(driverError(undefined, 'something else'), 'query')).toMatchObject({ transient: false, message: 'SQL query failed: driver error' });
  });

  it('names the operation and SQLSTATE, never the driver text; keeps the driver error as cause, minus the statement', () => {
    const cause = Object.assign(driverError('23505'), { query: 'INSERT …', params: ['alice@example.com'] });
    const error = toSqlError(cause, 'commit');
    expect(error).toBeInstanceOf(SqlError);
    expect(error.message).toBe('SQL commit failed: SQLSTATE 23505 (unique_violation)');
    expect(error.cause).toBe(cause);
    expect(cause).not.toHaveProperty('params');
    expect(cause).not.toHaveProperty('query');
  });

  it('returns a SqlError unchanged, and copes with non-Error throws', () => {
    const original = new SqlError('SQL query failed: x', { operation: 'query', transient: false });
    expect(toSqlError(original, 'ping')).toBe(original);
    expect(toSqlError('boom', 'query')).toMatchObject({ message: 'SQL query failed: driver error', code: undefined });
  });
});
