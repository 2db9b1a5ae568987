/** How a statement's text is lexed: PostgreSQL's rules, or MySQL's under the sessions `MysqlSqlClient` opens. */
export type SqlDialect = 'postgres' | 'mysql';

export interface SqlToken {
  /** `code` is what the server parses; `quoted` a string literal or quoted identifier; `comment` nothing. */
  readonly kind: 'code' | 'quoted' | 'comment';
  readonly text: string;
  /** Offset of the token's first character in the statement. */
  readonly start: number;
}

/**
 * Splits a statement into code, quoted and comment tokens, as the server would, so that a `;` or
 * a `$1` inside a literal, an identifier or a comment is never taken for syntax. Pure; never
 * throws (an unterminated literal or comment runs to the end, as the server would refuse it).
 *
 * MySQL's rules are those of the sessions its adapter opens: `ANSI_QUOTES` ("x" is an
 * identifier) and `NO_BACKSLASH_ESCAPES` ('a\' is a complete literal), as in PostgreSQL; plus
 * backtick identifiers, `#` comments and `-- ` needing a space. A MySQL executable comment
 * (`/*! … *\/`) counts as a comment: a `;` or `$1` inside one is not seen (the server refuses both).
 */
export function scanSql(text: string, dialect: SqlDialect): SqlToken[] {
  const tokens: SqlToken[] = [];
  let codeStart = 0;
  let i = 0;
  while (i < text.length) {
    const end = quotedOrCommentEnd(text, i, dialect);
    if (end === null) {
      i += 1;
      continue;
    }
    if (i > codeStart) tokens.push({ kind: 'code', text: text.slice(codeStart, i), start: codeStart });
    tokens.push({ kind: end.kind, text: text.slice(i, end.at), start: i });
    i = end.at;
    codeStart = i;
  }
  if (text.length > codeStart) tokens.push({ kind: 'code', text: text.slice(codeStart), start: codeStart });
  return tokens;
}

type End = { kind: 'quoted' | 'comment'; at: number } | null;

/** Where the literal, identifier or comment starting at `i` ends; null when none starts there. */
function quotedOrCommentEnd(text: string, i: number, dialect: SqlDialect): End {
  const c = text[i];
  const next = text[i + 1];
  if (c === "'") return { kind: 'quoted', at: quoteEnd(text, i, { backslash: dialect === 'postgres' && isEscapeStringPrefix(text, i) }) };
  if (c === '"' || (c === '`' && dialect === 'mysql')) return { kind: 'quoted', at: quoteEnd(text, i, { backslash: false }) };
  if (c === '-' && next === '-' && (dialect === 'postgres' || isMysqlDashCommentAt(text, i))) return { kind: 'comment', at: lineEnd(text, i) };
  if (c === '#' && dialect === 'mysql') return { kind: 'comment', at: lineEnd(text, i) };
  if (c === '/' && next === '*') return { kind: 'comment', at: blockCommentEnd(text, i, { nested: dialect === 'postgres' }) };
  if (c === '$' && dialect === 'postgres') {
    const tag = dollarQuoteTag(text, i);
    if (tag !== null) {
      const close = text.indexOf(tag, i + tag.length);
      return { kind: 'quoted', at: close === -1 ? text.length : close + tag.length };
    }
  }
  return null;
}

/** The end of a literal opened by the quote at `i`; the quote doubled stands for itself. */
function quoteEnd(text: string, i: number, options: { backslash: boolean }): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length) {
    if (options.backslash && text[j] === '\\') {
      j += 2;
    } else if (text[j] === quote) {
      if (text[j + 1] !== quote) return j + 1;
      j += 2;
    } else {
      j += 1;
    }
  }
  return text.length;
}

/** PostgreSQL's E'…' (backslash escapes), but not the end of an identifier like `name'…'`. */
function isEscapeStringPrefix(text: string, quoteAt: number): boolean {
  const prefix = text[quoteAt - 1];
  return (prefix === 'E' || prefix === 'e') && !isIdentifierChar(text[quoteAt - 2]);
}

/** MySQL reads `--` as a comment only when a space or control character (or the end) follows. */
function isMysqlDashCommentAt(text: string, i: number): boolean {
  const after = text[i + 2];
  return after === undefined || after.charCodeAt(0) <= 32;
}

function lineEnd(text: string, i: number): number {
  const newline = text.indexOf('\n', i);
  return newline === -1 ? text.length : newline + 1;
}

function blockCommentEnd(text: string, i: number, options: { nested: boolean }): number {
  let depth = 1;
  let j = i + 2;
  while (j < text.length) {
    if (text[j] === '*' && text[j + 1] === '/') {
      depth -= 1;
      j += 2;
      if (depth === 0 || !options.nested) return j;
    } else if (options.nested && text[j] === '/' && text[j + 1] === '*') {
      depth += 1;
      j += 2;
    } else {
      j += 1;
    }
  }
  return text.length;
}

/** `$$` or `$tag$` opening a dollar-quoted string; not `$1` (a parameter) nor `a$b` (an identifier). */
function dollarQuoteTag(text: string, i: number): string | null {
  if (isIdentifierChar(text[i - 1])) return null;
  const match = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 65));
  return match === null ? null : match[0];
}

/** Letters, digits, `_` and `$`: the characters an unquoted identifier may continue with. */
export function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && /[\w$\u0080-\uffff]/.test(c);
}
