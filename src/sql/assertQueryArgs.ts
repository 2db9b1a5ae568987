import { SqlError } from './SqlClient';
import { scanSql, type SqlDialect } from './scanSql';

/**
 * Checks a call's arguments at the port's boundary, the same way for every adapter: the drivers
 * disagree on `undefined` (one sends NULL, the other throws), and a silent NULL hides a bug.
 * Throws TypeError saying what was expected and what came in; never echoes a value.
 *
 * It also refuses a text holding several statements, before any driver sees it: the drivers'
 * own refusals differ (the extended protocol on PostgreSQL, `multipleStatements: false` on
 * MySQL) and are kept behind this one. The refusal is a SqlError with SQLSTATE 42601
 * (syntax_error) on every adapter, as PostgreSQL itself reports it; a trailing `;` is allowed.
 */
export function assertQueryArgs(text: unknown, params: unknown, options: { dialect: SqlDialect } = { dialect: 'postgres' }): void {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new TypeError(`expected the statement to be a non-empty string, got ${typeof text === 'string' ? 'an empty string' : typeof text}`);
  }
  if (params !== undefined) {
    if (!Array.isArray(params)) throw new TypeError(`expected params to be an array, got ${params === null ? 'null' : typeof params}`);
    params.forEach((value: unknown, i) => {
      const type = typeof value;
      if (type === 'undefined' || type === 'function' || type === 'symbol') {
        throw new TypeError(`expected parameter $${i + 1} to be a value or null, got ${type}`);
      }
    });
  }
  // Without a `;` anywhere there is no second statement to find (most statements: no scan).
  if (text.includes(';') && holdsSeveralStatements(text, options.dialect)) {
    throw new SqlError('SQL query failed: SQLSTATE 42601 (syntax_error): expected one statement, got several', {
      operation: 'query', code: '42601', transient: false,
    });
  }
}

/** True when anything but blanks, comments and further `;` follows a `;` outside literals. */
function holdsSeveralStatements(text: string, dialect: SqlDialect): boolean {
  let ended = false;
  for (const token of scanSql(text, dialect)) {
    if (token.kind === 'comment') continue;
    if (ended && (token.kind === 'quoted' || /[^\s;]/.test(token.text))) return true;
    if (token.kind === 'code') {
      const semicolon = token.text.indexOf(';');
      if (semicolon !== -1) {
        if (/[^\s;]/.test(token.text.slice(semicolon))) return true;
        ended = true;
      }
    }
  }
  return false;
}
