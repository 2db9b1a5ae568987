import { scanSql } from './scanSql';

/**
 * Statements MySQL ends a transaction for, committing what came before it (an "implicit
 * commit"): DDL, account and lock statements, and transaction control itself. CREATE and DROP
 * of a TEMPORARY table are the exception.
 */
const IMPLICIT_COMMIT = new Set([
  'ALTER', 'CREATE', 'DROP', 'RENAME', 'TRUNCATE', 'GRANT', 'REVOKE', 'LOCK', 'UNLOCK', 'BEGIN', 'START',
  'COMMIT', 'ROLLBACK', 'LOAD', 'ANALYZE', 'OPTIMIZE', 'REPAIR', 'FLUSH', 'RESET', 'INSTALL', 'UNINSTALL',
]);

/**
 * Refuses, inside a MySQL transaction, a statement that would end it: the port promises that a
 * transaction commits all or nothing, and after an implicit commit the rest would run outside
 * it, beyond ROLLBACK's reach. Throws TypeError naming the keyword; run such statements outside
 * transaction(). (The adapter also checks the server's in-transaction flag after each statement.)
 */
export function assertKeepsTransaction(text: string): void {
  const words = scanSql(text, 'mysql')
    .filter((token) => token.kind === 'code')
    .map((token) => token.text)
    .join(' ')
    .match(/[A-Za-z_]+/g) ?? [];
  const [first, second] = words.map((word) => word.toUpperCase());
  if (first === undefined || !IMPLICIT_COMMIT.has(first)) return;
  if ((first === 'CREATE' || first === 'DROP') && second === 'TEMPORARY') return;
  if (first === 'ROLLBACK' && second === 'TO') return;
  throw new TypeError(`expected a statement that keeps the transaction open inside transaction() on MySQL, got ${first} (MySQL commits implicitly before it)`);
}
