import { assertKeepsTransaction } from '../src/sql/assertKeepsTransaction';
import { assertQueryArgs } from '../src/sql/assertQueryArgs';
import { scanSql } from '../src/sql/scanSql';
import { toMysqlStatement } from '../src/sql/toMysqlStatement';

/** The pure halves of the MySQL adapter and the port's one-statement check: no server needed. */
describe('toMysqlStatement', () => {
  it('turns each $n into ?, repeating and reordering the values to match', () => {
    expect(toMysqlStatement('SELECT * FROM t WHERE a = $2 AND b = $1 OR c = $2', ['one', 'two']))
      .toEqual({ text: 'SELECT * FROM t WHERE a = ? AND b = ? OR c = ?', params: ['two', 'one', 'two'] });
    expect(toMysqlStatement('SELECT 1', [])).toEqual({ text: 'SELECT 1', params: [] });
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(toMysqlStatement(`SELECT ${ten.map((n) => `$${n}`).reverse().join(', ')}`, ten).params).toEqual([...ten].reverse());
  });

  it('leaves $n alone inside literals, quoted names, comments and identifiers', () => {
    const text = `SELECT '$1', 'it''s $1', "$1", \`$1\`, a$1, x FROM t -- $1\n# $1\nWHERE y = $1 /* $1 */`;
    expect(toMysqlStatement(text, ['v'])).toEqual({
      text: `SELECT '$1', 'it''s $1', "$1", \`$1\`, a$1, x FROM t -- $1\n# $1\nWHERE y = ? /* $1 */`,
      params: ['v'],
    });
    // The session has NO_BACKSLASH_ESCAPES: 'a\' ends the literal, the $1 after it is a placeholder.
    expect(toMysqlStatement("SELECT 'a\\', $1", ['v']).text).toBe("SELECT 'a\\', ?");
    // `--` without a space is two minus signs on MySQL, not a comment.
    expect(toMysqlStatement('SELECT 1 --$1', [2]).text).toBe('SELECT 1 --?');
  });

  it('refuses, with a TypeError naming positions only, what would bind wrongly', () => {
    expect(() => toMysqlStatement('SELECT ?', [1])).toThrow('expected placeholders written $1, $2…, got a "?" in the statement');
    expect(() => toMysqlStatement('SELECT $0', [1])).toThrow('expected a value for $0, got 1 parameter');
    expect(() => toMysqlStatement('SELECT $3', ['secret', 'x'])).toThrow('expected a value for $3, got 2 parameters');
    expect(() => toMysqlStatement('SELECT $2', ['secret', 'x'])).toThrow('expected the statement to use $1, got no $1 in it');
    expect(() => toMysqlStatement('SELECT $1', [['a', 'b']])).toThrow(/expected parameter \$1 to be a single value .*got an array/);
    expect(() => toMysqlStatement('SELECT $1', [['secret']])).not.toThrow(/secret/);
    expect(toMysqlStatement("SELECT '?' AS q, $1", [Buffer.from('x')]).text).toBe("SELECT '?' AS q, ?");
  });
});

describe('scanSql', () => {
  const kinds = (text: string, dialect: 'postgres' | 'mysql'): string[] => scanSql(text, dialect).map((token) => `${token.kind}:${token.text}`);

  it('reads PostgreSQL: E strings, dollar quotes, nested comments; the tokens cover the text', () => {
    expect(kinds("SELECT E'a\\'b', $$x;y$$, $tag$ $$ $tag$ /* a /* b */ c */ $1", 'postgres')).toEqual([
      'code:SELECT E', "quoted:'a\\'b'", 'code:, ', 'quoted:$$x;y$$', 'code:, ', 'quoted:$tag$ $$ $tag$', 'code: ',
      'comment:/* a /* b */ c */', 'code: $1',
    ]);
    const text = "SELECT 'x' -- c\n FROM \"t\"";
    expect(scanSql(text, 'postgres').map((token) => token.text).join('')).toBe(text);
  });

  it('reads MySQL: backticks and # comments, no dollar quotes, no nested comments', () => {
    expect(kinds('SELECT `a``b`, $$ # c\n/* a /* b */ c */', 'mysql')).toEqual([
      'code:SELECT ', 'quoted:`a``b`', 'code:, $$ ', 'comment:# c\n', 'comment:/* a /* b */', 'code: c */',
    ]);
  });
});

describe('assertQueryArgs: one statement per call', () => {
  const refused = { name: 'SqlError', code: '42601', transient: false, operation: 'query' };
  const check = (text: string, dialect: 'postgres' | 'mysql' = 'postgres'): unknown => {
    try {
      assertQueryArgs(text, undefined, { dialect });
      return 'accepted';
    } catch (error) {
      return error;
    }
  };

  it.each([
    ['SELECT 1; SELECT 2'], ["SELECT 'a'; 'b'"], ['SELECT 1;\n-- then\nDROP TABLE t'], ["SELECT $$;$$; DELETE FROM t"],
  ])('refuses %j as SQLSTATE 42601', (text) => {
    expect(check(text)).toMatchObject(refused);
  });

  it.each([
    ['SELECT 1;'], ['SELECT 1 ;  ;\n -- done'], ["SELECT ';' AS \";\""], ['SELECT $$ ; $$'], ['SELECT 1 /* ; DROP */'], ["SELECT E'\\'; DROP'"],
  ])('accepts %j', (text) => {
    expect(check(text)).toBe('accepted');
  });

  it('reads the text in the adapter\'s dialect', () => {
    expect(check('SELECT `;` FROM t', 'mysql')).toBe('accepted');
    expect(check('SELECT 1 # ;\n', 'mysql')).toBe('accepted');
    expect(check('SELECT $$; DROP TABLE t; $$', 'mysql')).toMatchObject(refused);
    expect((check('SELECT 1; DROP TABLE alice', 'mysql') as Error).message).not.toMatch(/alice|drop/i);
  });
});

describe('assertKeepsTransaction', () => {
  it.each([
    ['CREATE TABLE t (id int)', 'CREATE'], ['  -- why\n/* c */ drop table t', 'DROP'], ['ALTER TABLE t ADD x int', 'ALTER'],
    ['TRUNCATE t', 'TRUNCATE'], ['LOCK TABLES t WRITE', 'LOCK'], ['COMMIT', 'COMMIT'], ['ROLLBACK', 'ROLLBACK'], ['START TRANSACTION', 'START'],
  ])('refuses %j inside a transaction, naming %s', (text, keyword) => {
    expect(() => assertKeepsTransaction(text)).toThrow(`got ${keyword} (MySQL commits implicitly before it)`);
  });

  it.each([
    ['SELECT 1'], ["INSERT INTO t (a) VALUES ('CREATE')"], ['CREATE TEMPORARY TABLE t (id int)'], ['DROP TEMPORARY TABLE t'],
    ['ROLLBACK TO SAVEPOINT a'], ['SAVEPOINT a'], ['UPDATE "create" SET x = 1'], ['WITH c AS (SELECT 1) SELECT * FROM c'],
  ])('lets %j through', (text) => {
    expect(() => assertKeepsTransaction(text)).not.toThrow();
  });
});
