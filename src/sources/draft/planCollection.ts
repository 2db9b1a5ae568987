import { PROFILE_CATEGORIES } from '../declarations/compileCollection';
import type { Profile } from '../Connector';
import type { IdentityType } from '../Identity';
import type { FieldDraft } from './draftFields';
import { draftFields } from './draftFields';
import { wordsOf } from './wordsOf';
import type { CollectionShape } from './SystemShape';

/** One collection's draft before it is written: fields, the identities and profile they suggest, its date. */
export interface CollectionPlan {
  readonly shape: CollectionShape;
  readonly fields: readonly FieldDraft[];
  readonly identities: ReadonlyMap<IdentityType, readonly string[]>;
  readonly createdAt: string | null;
  readonly profile: Readonly<Partial<Record<keyof Profile, string>>>;
}

const RECORD_DATE = ['created', 'inserted', 'registered', 'signup', 'subscribed', 'opened'];

/**
 * The guesses of one collection put together. Identities: every field guessed as an email, phone
 * or customer number that is the record's own (not inside a list, not covered by an object's
 * category). The record's date: the first date column whose name says it was made (`created_at`),
 * else the first date column. Profile (only where an identity finds the rows, so the row speaks
 * for the person): the first top-level scalar of each profile category; an address only from a
 * column named so (a `city` alone is not one).
 */
export function planCollection(shape: CollectionShape, options: { recordKey: readonly string[] }): CollectionPlan {
  const fields = draftFields({ columns: shape.columns, skip: new Set(options.recordKey) });
  const identities = new Map<IdentityType, string[]>();
  const visit = (list: readonly FieldDraft[]) => list.forEach((f) => {
    if (f.guess.identity && !f.inList && !f.covered && f.fields === null) identities.set(f.guess.identity, [...(identities.get(f.guess.identity) ?? []), f.path]);
    if (f.fields) visit(f.fields);
  });
  visit(fields);
  const dates = fields.filter((f) => f.column.date && !f.column.list && f.fields === null);
  const createdAt = (dates.find((f) => wordsOf(f.column.name).some((w) => RECORD_DATE.includes(w))) ?? dates[0])?.column.name ?? null;
  const profile: Partial<Record<keyof Profile, string>> = {};
  if (identities.size > 0) {
    for (const [key, category] of Object.entries(PROFILE_CATEGORIES) as Array<[keyof Profile, string]>) {
      const hit = fields.find((f) => f.guess.category === category && f.fields === null && !f.column.list && (key !== 'address' || wordsOf(f.column.name).includes('address')));
      if (hit) profile[key] = hit.column.name;
    }
  }
  return { shape, fields, identities, createdAt, profile };
}
