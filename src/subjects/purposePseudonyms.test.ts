import fc from 'fast-check';
import type { Identity } from '../sources/Identity';
import { MAX_PSEUDONYM_LENGTH, purposePseudonyms } from './purposePseudonyms';

const analytics = purposePseudonyms('test-secret', 'analytics');
const other = purposePseudonyms('test-secret', 'research');
const identityArb: fc.Arbitrary<Identity> = fc.oneof(
  fc.emailAddress().map((value) => ({ type: 'EMAIL' as const, value: value.toLowerCase() })),
  fc.stringMatching(/^\+[1-9][0-9]{6,14}$/).map((value) => ({ type: 'PHONE' as const, value })),
  fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).map((value) => ({ type: 'CUSTOMER_ID' as const, value })),
);

describe('purposePseudonyms', () => {
  it('opens what it sealed, under its own purpose only, always the same for the same identity', () => {
    fc.assert(
      fc.property(identityArb, (identity) => {
        const pseudonym = analytics.identity(identity);
        expect(pseudonym.length).toBeLessThanOrEqual(MAX_PSEUDONYM_LENGTH);
        expect(analytics.identity(identity)).toBe(pseudonym);
        expect(analytics.open(pseudonym)).toEqual(identity);
        expect(other.open(pseudonym)).toBeNull();
        expect(purposePseudonyms('another-secret', 'analytics').open(pseudonym)).toBeNull();
      }),
    );
  });

  it('finds nothing behind an edited pseudonym (each character of one, in turn)', () => {
    const pseudonym = analytics.identity({ type: 'EMAIL', value: 'alice@example.com' });
    for (let i = 4; i < pseudonym.length; i++) {
      const edited = `${pseudonym.slice(0, i)}${pseudonym[i] === 'A' ? 'B' : 'A'}${pseudonym.slice(i + 1)}`;
      expect(analytics.open(edited)).toBeNull();
    }
  });

  it('keys subject and record ids per purpose', () => {
    expect(analytics.subjectId('sub_1')).not.toBe(other.subjectId('sub_1'));
    expect(analytics.recordId('ord_1')).not.toBe(other.recordId('ord_1'));
    expect(analytics.recordId('ord_1')).toBe(analytics.recordId('ord_1'));
  });
});
