import type { SqlStatement } from './SqlClient';
import { isIdentifierChar, scanSql } from './scanSql';

const PLACEHOLDER = /\$(\d+)/g;

/**
 * Translates a port statement (`$1, $2…`) into MySQL's positional `?` form. A `$n` may repeat
 * and appear in any order: each occurrence becomes one `?` and takes its own copy of value n.
 * Literals, quoted identifiers and comments are left alone (see scanSql), as is a `$` inside an
 * identifier (`a$1`). Pure.
 *
 * Throws TypeError, naming positions and never values, when the statement and its values do not
 * match: a `$n` without a value, a value no `$n` uses (PostgreSQL refuses both too), a bare `?`
 * (it would bind silently), or an array value (MySQL has no array type).
 */
export function toMysqlStatement(text: string, params: readonly unknown[]): SqlStatement {
  const used = new Set<number>();
  const bound: unknown[] = [];
  let out = '';
  for (const token of scanSql(text, 'mysql')) {
    if (token.kind !== 'code') {
      out += token.text;
      continue;
    }
    if (token.text.includes('?')) {
      throw new TypeError('expected placeholders written $1, $2…, got a "?" in the statement');
    }
    out += token.text.replace(PLACEHOLDER, (match, digits: string, offset: number) => {
      if (isIdentifierChar(text[token.start + offset - 1])) return match;
      const n = Number(digits);
      if (n < 1 || n > params.length) {
        throw new TypeError(`expected a value for $${digits}, got ${params.length} parameter${params.length === 1 ? '' : 's'}`);
      }
      used.add(n);
      bound.push(scalar(params[n - 1], n));
      return '?';
    });
  }
  const unused = params.findIndex((_, i) => !used.has(i + 1));
  if (unused !== -1) throw new TypeError(`expected the statement to use $${unused + 1}, got no $${unused + 1} in it`);
  return { text: out, params: bound };
}

function scalar(value: unknown, n: number): unknown {
  if (Array.isArray(value)) {
    throw new TypeError(`expected parameter $${n} to be a single value (MySQL has no arrays: write one $n per element), got an array`);
  }
  return value;
}
