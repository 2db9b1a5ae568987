import { orientLinks } from './orientLinks';

const fk = (table: string, column: string, parentTable: string, parentColumn = 'id') => ({ table, columns: [column], parentTable, parentColumns: [parentColumn] });

describe('orientLinks: away from the rows found by identity', () => {
  const collections = ['customer', 'address', 'orders', 'order_line', 'product', 'ticket', 'audit'];

  it('parent to child when the parent is nearer, child to parent when the child is', () => {
    const { links, distance } = orientLinks({
      collections,
      identified: new Set(['customer']),
      foreignKeys: [fk('orders', 'customer_ref', 'customer'), fk('customer', 'address_id', 'address'), fk('order_line', 'order_id', 'orders'), fk('order_line', 'product_id', 'product')],
    });
    expect(links).toEqual([
      { fromCollection: 'customer', fromPath: 'id', toCollection: 'orders', toPath: 'customer_ref', basis: 'away' },
      { fromCollection: 'customer', fromPath: 'address_id', toCollection: 'address', toPath: 'id', basis: 'away' },
      { fromCollection: 'orders', fromPath: 'id', toCollection: 'order_line', toPath: 'order_id', basis: 'away' },
      { fromCollection: 'order_line', fromPath: 'product_id', toCollection: 'product', toPath: 'id', basis: 'away' },
    ]);
    expect(Object.fromEntries(distance)).toEqual({ customer: 0, orders: 1, address: 1, order_line: 2, product: 3 });
  });

  it('parent to child, for review, when both ends are found by identity or neither is reached', () => {
    const { links, distance } = orientLinks({ collections, identified: new Set(['customer', 'orders']), foreignKeys: [fk('orders', 'customer_id', 'customer'), fk('audit', 'ticket_id', 'ticket')] });
    expect(links.map((l) => [l.fromCollection, l.toCollection, l.basis])).toEqual([['customer', 'orders', 'tie'], ['ticket', 'audit', 'unreached']]);
    expect(distance.has('ticket')).toBe(false);
  });

  it('leaves out self-references, composite keys and keys to tables not drafted, saying why', () => {
    const { links, skipped } = orientLinks({
      collections,
      identified: new Set(['customer']),
      foreignKeys: [fk('customer', 'referred_by', 'customer'), { table: 'ticket', columns: ['order_id', 'line'], parentTable: 'order_line', parentColumns: ['order_id', 'line'] }, fk('orders', 'warehouse_id', 'warehouse')],
    });
    expect(links).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/other people's rows/), expect.stringMatching(/composite key/), expect.stringMatching(/outside the tables drafted/)]);
  });
});
