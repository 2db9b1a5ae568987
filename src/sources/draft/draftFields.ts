import { GRAPHQL_NAME, camel } from '../declarations/names';
import type { CategoryGuess } from './guessCategory';
import { guessCategory } from './guessCategory';
import type { ColumnShape } from './SystemShape';

/** One column as the draft will declare it: its GraphQL name, its guess, and its subfields. */
export interface FieldDraft {
  readonly name: string;
  readonly column: ColumnShape;
  /** Dot path from the record (identities and profile paths are read from the record). */
  readonly path: string;
  readonly guess: CategoryGuess;
  /** Under a categorised object: its category covers this field, which carries none. */
  readonly covered: boolean;
  /** Inside a list: never an identity (a list of contacts holds other people's numbers). */
  readonly inList: boolean;
  readonly fields: readonly FieldDraft[] | null;
}

const RESERVED = new Set(['id', 'source']);

/**
 * The columns (or keys) of one collection as fields, with names that are valid and unique
 * GraphQL field names (`id` and `source` are every record's own: a column named so becomes
 * `idValue`), each with its guessed category. `skip` names top-level columns that are the
 * record's `id` already (a single primary key `id`, MongoDB's `_id`), not fields.
 */
export function draftFields(options: { columns: readonly ColumnShape[]; skip: ReadonlySet<string> }): FieldDraft[] {
  return level({ columns: options.columns.filter((c) => !options.skip.has(c.name)), prefix: '', covered: false, inList: false });
}

function level(options: { columns: readonly ColumnShape[]; prefix: string; covered: boolean; inList: boolean }): FieldDraft[] {
  const taken = new Set<string>();
  return options.columns.map((column) => {
    const name = uniqueName(column.name, taken);
    const path = `${options.prefix}${column.name}`;
    const inList = options.inList || column.list;
    const guess: CategoryGuess = options.covered ? { category: null, identity: null, date: false, basis: null } : containerGuess(column) ?? guessCategory(column);
    const fields = column.fields === null ? null : level({ columns: column.fields, prefix: `${path}.`, covered: options.covered || (guess.category !== null && guess.category !== undefined), inList });
    return { name, column, path, guess, covered: options.covered, inList, fields };
  });
}

/** An object is guessed by its name alone (`address` → contact.address covers its keys); else it is a container whose keys carry their own categories. */
function containerGuess(column: ColumnShape): CategoryGuess | null {
  if (column.fields === null) return null;
  const byName = guessCategory({ name: column.name, date: false, samples: [] });
  return typeof byName.category === 'string' ? { ...byName, identity: null } : { category: null, identity: null, date: false, basis: null };
}

function uniqueName(column: string, taken: Set<string>): string {
  let base = camel(column);
  if (!GRAPHQL_NAME.test(base)) base = `f${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  if (RESERVED.has(base)) base = `${base}Value`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}
