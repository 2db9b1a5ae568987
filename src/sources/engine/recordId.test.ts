import type { CollectionDeclaration } from '../declarations/SourceDeclaration';
import { parseRecordId, recordId } from './recordId';

const visit = { name: 'visit', primaryKey: ['email', 'last_visit'] } as unknown as CollectionDeclaration;

describe('recordId', () => {
  it('round-trips a composite key, and refuses a foreign id without quoting it (a key may be personal)', () => {
    const id = recordId(visit, { email: 'customer-1@example.com', last_visit: '2021-01-06T01:00:00.000Z' });
    expect(parseRecordId([visit], id)).toEqual({ collection: visit, key: ['customer-1@example.com', '2021-01-06T01:00:00.000Z'] });
    const error = (() => { try { parseRecordId([visit], 'visit/["customer-1@example.com"]'); } catch (e) { return e as Error; } return null; })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).not.toContain('customer-1@example.com');
  });
});
