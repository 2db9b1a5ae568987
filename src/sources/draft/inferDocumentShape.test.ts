import { inferDocumentShape } from './inferDocumentShape';

describe('inferDocumentShape', () => {
  it('reads keys in first-seen order, with nested objects, lists of objects and lists of scalars', () => {
    const shape = inferDocumentShape([
      { _id: 'a', email: 'a@example.com', address: { city: 'Town' }, items: [{ sku: 'x', qty: 1 }], tags: ['t'], at: new Date(0) },
      { _id: 'b', email: 'b@example.com', address: { city: 'City', zip: '1' }, items: [{ sku: 'y', qty: 2, price: 2.5 }], tags: [], total: 3 },
    ]);
    expect(shape.map((c) => c.name)).toEqual(['_id', 'email', 'address', 'items', 'tags', 'at', 'total']);
    const by = Object.fromEntries(shape.map((c) => [c.name, c]));
    expect(by.address?.fields?.map((f) => f.name)).toEqual(['city', 'zip']);
    expect(by.items).toMatchObject({ list: true, scalar: null });
    expect(by.items?.fields?.map((f) => [f.name, f.scalar])).toEqual([['sku', 'String'], ['qty', 'Int'], ['price', 'Float']]);
    expect(by.tags).toMatchObject({ list: true, scalar: 'String', fields: null });
    expect(by.at).toMatchObject({ date: true, scalar: 'String' });
    expect(by.email?.samples).toEqual(['a@example.com', 'b@example.com']);
  });

  it('marks a key whose values disagree as mixed text, and numbers beyond Int as Float', () => {
    const shape = inferDocumentShape([{ misc: { a: 1 }, n: 1 }, { misc: 'text', n: 2 ** 40 }]);
    expect(shape[0]).toMatchObject({ name: 'misc', scalar: 'String', mixed: true, fields: null });
    expect(shape[1]).toMatchObject({ name: 'n', scalar: 'Float' });
  });
});
