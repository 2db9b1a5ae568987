import type { SqlQueryable, SqlResult } from './SqlClient';
import { createReclaimer } from './createReclaimer';

/** Records every statement; a VACUUM can be held open to see what callers do meanwhile. */
function recordingSql(): { sql: SqlQueryable; statements: string[]; hold(): () => void } {
  const statements: string[] = [];
  let gate: Promise<void> | null = null;
  return {
    statements,
    sql: {
      async query<R>(text: string): Promise<SqlResult<R>> {
        statements.push(text);
        if (text.startsWith('VACUUM') && gate) await gate;
        return { rows: [], rowCount: 0 };
      },
    },
    hold() {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
  };
}

const ROUND_END = ['SET wal_recycle = off', 'SET wal_init_zero = off', 'SELECT pg_switch_wal()', 'CHECKPOINT'];

describe('createReclaimer', () => {
  it('rewrites the tables asked for, then switches the WAL out and checkpoints', async () => {
    const { sql, statements } = recordingSql();
    await createReclaimer(sql)(['a', 'b']);
    expect(statements).toEqual(['VACUUM FULL a', 'VACUUM FULL b', ...ROUND_END]);
  });

  it('callers during a round share the next one, which covers all their tables', async () => {
    const { sql, statements, hold } = recordingSql();
    const reclaim = createReclaimer(sql);
    const release = hold();
    const first = reclaim(['a']);
    await new Promise((resolve) => setImmediate(resolve));
    const second = reclaim(['b']);
    const third = reclaim(['c', 'b']);
    release();
    await Promise.all([first, second, third]);
    expect(statements).toEqual(['VACUUM FULL a', ...ROUND_END, 'VACUUM FULL b', 'VACUUM FULL c', ...ROUND_END]);
  });

  it('with spacing, a round after another waits, gathering every call, until flushed', async () => {
    const { sql, statements } = recordingSql();
    const reclaim = createReclaimer(sql, { spacingMs: 3_600_000 });
    await reclaim(['a']);
    let done = 0;
    const later = [reclaim(['b']), reclaim(['c'])].map((p) => p.then(() => done++));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(statements).toEqual(['VACUUM FULL a', ...ROUND_END]);
    expect(done).toBe(0);
    await reclaim.flush();
    await Promise.all(later);
    expect(done).toBe(2);
    expect(statements).toEqual(['VACUUM FULL a', ...ROUND_END, 'VACUUM FULL b', 'VACUUM FULL c', ...ROUND_END]);
  });

  it('a flush with nothing asked for resolves without a round; no tables, no round', async () => {
    const { sql, statements } = recordingSql();
    const reclaim = createReclaimer(sql, { spacingMs: 3_600_000 });
    await reclaim.flush();
    await reclaim([]);
    expect(statements).toEqual([]);
  });

  it('a failed round rejects its callers, and the next call runs a round of its own', async () => {
    const statements: string[] = [];
    let failing = true;
    const sql: SqlQueryable = {
      async query<R>(text: string): Promise<SqlResult<R>> {
        statements.push(text);
        if (failing && text === 'CHECKPOINT') throw new Error('disk full');
        return { rows: [], rowCount: 0 };
      },
    };
    const reclaim = createReclaimer(sql);
    await expect(reclaim(['a'])).rejects.toThrow('disk full');
    failing = false;
    await reclaim(['a']);
    expect(statements.filter((s) => s === 'CHECKPOINT')).toHaveLength(2);
  });
});
