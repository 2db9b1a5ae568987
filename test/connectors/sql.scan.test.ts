import { createSqlDriver } from '../../connectors/sql/createSqlDriver';
import type { CollectionDeclaration } from '../../src/sources/declarations/SourceDeclaration';
import { supportTargets } from './supportFixture';

/** A table with a composite key, as the driver sees it: only the names the scan reads matter. */
const LINES = { name: 'lines', table: 'scan_lines', primaryKey: ['order_id', 'line'] } as unknown as CollectionDeclaration;

/** The SQL kind's scan (what `aggregate` reads): keyset pages by primary key, every row once, none held beyond a page. */
for (const [name, open] of supportTargets('sqlscan')) {
  describe(`sql driver scan (${name})`, () => {
    it('pages a composite key in key order, every row exactly once, whatever the page size', async () => {
      const { client, schema, teardown } = await open();
      try {
        const table = schema ? `"${schema}".scan_lines` : 'scan_lines';
        await client.query(`CREATE TABLE ${table} (order_id text NOT NULL, line integer NOT NULL, sku text, PRIMARY KEY (order_id, line))`);
        const rows = Array.from({ length: 23 }, (_, i) => [`o${String(i % 7).padStart(2, '0')}`, Math.floor(i / 7), `sku${i}`]);
        for (const [o, l, s] of rows) await client.query(`INSERT INTO ${table} (order_id, line, sku) VALUES ($1, $2, $3)`, [o, l, s]);
        const driver = createSqlDriver({ sql: client, schema: schema ?? null, ownsClient: false });
        const expected = rows.map(([o, l]) => `${o}:${l}`).sort();
        for (const batchSize of [1, 2, 7, 23, 100]) {
          const seen: string[] = [];
          for await (const row of driver.scan!(LINES, { batchSize })) seen.push(`${row.order_id}:${row.line}`);
          expect(seen).toEqual(expected);
        }
      } finally {
        await client.close();
        await teardown?.();
      }
    });
  });
}
