import path from 'node:path';
import { parseArgs } from 'node:util';

export interface DraftArgs {
  readonly kind: 'postgres' | 'mysql' | 'mongodb';
  /** A server URL (or `pglite://<dir>` for postgres); null with `dir`. */
  readonly url: string | null;
  /** mongodb only: the embedded document store's directory. */
  readonly dir: string | null;
  readonly name: string;
  /** postgres: the schema read (default public); null for the other kinds. */
  readonly schema: string | null;
  readonly tables: readonly string[] | null;
  /** Rows (or documents) read per table for the value rules and document shapes. */
  readonly sample: number;
  readonly out: string | null;
  /** The database named by the URL, for `database:` (mongodb). */
  readonly database: string | null;
}

const SCHEMES: Record<DraftArgs['kind'], RegExp> = { postgres: /^(postgres(ql)?|pglite):\/\//i, mysql: /^(mysql|mariadb):\/\//i, mongodb: /^mongodb(\+srv)?:\/\//i };
const NAME = /^[a-z][a-z0-9_]{0,40}$/;
const TABLE = /^[A-Za-z_][A-Za-z0-9_$-]{0,63}$/;

/**
 * `draft-source`'s command line, validated: a TypeError that says what was expected and what
 * came in. A URL is never echoed (it may carry a password): only its scheme.
 */
export function parseDraftArgs(argv: readonly string[]): DraftArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: {
      kind: { type: 'string' }, url: { type: 'string' }, dir: { type: 'string' }, name: { type: 'string' }, schema: { type: 'string' },
      tables: { type: 'string' }, sample: { type: 'string' }, out: { type: 'string' },
    } }));
  } catch (error) {
    throw new TypeError(`expected only the options below, got ${(error as Error).message.split('.')[0]}`);
  }
  const text = (key: string) => (typeof values[key] === 'string' && values[key] !== '' ? (values[key] as string) : null);
  const kind = text('kind');
  if (kind !== 'postgres' && kind !== 'mysql' && kind !== 'mongodb') throw new TypeError(`expected --kind postgres, mysql or mongodb, got ${kind === null ? 'none' : JSON.stringify(kind.slice(0, 20))}`);
  const url = text('url');
  const dir = text('dir');
  if ((url === null) === (dir === null)) throw new TypeError(`expected exactly one of --url and --dir, got ${url === null ? 'neither' : 'both'}`);
  if (dir !== null && kind !== 'mongodb') throw new TypeError(`expected --dir only with --kind mongodb (for an embedded PostgreSQL, --url pglite://<dir>), got it with ${kind}`);
  if (url !== null && !SCHEMES[kind].test(url)) throw new TypeError(`expected a ${kind} URL (${SCHEMES[kind].source.replace(/\\/g, '')}), got ${/^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'no scheme'}`);
  const schema = text('schema');
  if (schema !== null && kind !== 'postgres') throw new TypeError(`expected --schema only with --kind postgres (a MySQL schema is its database: name it in the URL), got it with ${kind}`);
  if (schema !== null && !TABLE.test(schema)) throw new TypeError(`expected --schema to be a plain SQL name, got ${JSON.stringify(schema.slice(0, 64))}`);
  const tables = text('tables')?.split(',').map((t) => t.trim()).filter(Boolean) ?? null;
  const badTable = tables?.find((t) => !TABLE.test(t));
  if (badTable !== undefined) throw new TypeError(`expected --tables to be names separated by commas, got ${JSON.stringify(badTable.slice(0, 64))}`);
  const sampleText = text('sample') ?? '100';
  const sample = Number(sampleText);
  if (!/^\d+$/.test(sampleText) || sample > 100_000) throw new TypeError(`expected --sample to be a whole number from 0 to 100000, got ${JSON.stringify(sampleText.slice(0, 20))}`);
  const database = url === null ? null : databaseOf(url);
  const name = text('name') ?? sourceNameOf(database ?? path.basename(path.resolve(dir ?? '.')));
  if (!NAME.test(name)) throw new TypeError(`expected --name of lower-case letters, digits and "_", starting with a letter (at most 41), got ${JSON.stringify(name.slice(0, 50))}`);
  return { kind, url, dir, name, schema: kind === 'postgres' ? schema ?? 'public' : null, tables: tables && tables.length > 0 ? tables : null, sample, out: text('out'), database };
}

/** The database a server URL names (its path), or a PGlite directory's last segment. */
function databaseOf(url: string): string | null {
  if (/^pglite:\/\//i.test(url)) return path.basename(path.resolve(url.slice('pglite://'.length)));
  try {
    const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, '').split('/')[0] ?? '');
    return name === '' ? null : name;
  } catch {
    return null;
  }
}

/** `Shop-DB 2` → `shop_db_2`: a source name (letters first, at most 41). */
function sourceNameOf(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '').slice(0, 41);
  return cleaned === '' ? 'drafted' : cleaned;
}
