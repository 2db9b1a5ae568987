/**
 * npm run draft-source -- --kind postgres|mysql|mongodb --url <url> [--dir <path>] [--name n]
 * [--schema s] [--tables a,b] [--sample n] [--out file]: reads a live system (tables, columns,
 * keys, foreign keys, a sample of values) and prints a source declaration in our format
 * (CONTRACT.md §7) — what `fides generate dataset` does for Fides. Every category is a guess
 * marked for review; columns nothing was guessed for carry no category, so the gateway refuses
 * the file until someone decides (deny by default). Exit 2: bad arguments; 1: the system could
 * not be read (the message names the system without credentials, and the driver's code only).
 */
import { writeFileSync } from 'node:fs';
import { DraftError } from '../src/sources/draft/DraftError';
import { draftDeclaration } from '../src/sources/draft/draftDeclaration';
import type { DraftArgs } from '../src/sources/draft/parseDraftArgs';
import { parseDraftArgs } from '../src/sources/draft/parseDraftArgs';
import { readLiveSystem } from '../src/sources/draft/readLiveSystem';

const USAGE = `usage: npm run draft-source -- --kind postgres|mysql|mongodb (--url <url> | --dir <path>) [options]
  --url <url>      postgres://… or pglite://<dir> | mysql://…/<database> | mongodb://…/<database>
  --dir <path>     mongodb only: an embedded document store's directory
  --name <name>    the source name (default: the database's name)
  --schema <name>  postgres only (default public)
  --tables a,b     only these tables or collections (default all)
  --sample <n>     rows or documents read per table to guess from (default 100)
  --out <file>     write the declaration there instead of stdout`;

/** The system, as the messages may name it: a URL without its user, password or query (which may carry either). */
function targetOf(args: DraftArgs): string {
  if (args.dir !== null) return `the embedded document store in ${args.dir}`;
  const url = String(args.url);
  if (/^pglite:\/\//i.test(url)) return url;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return `a ${args.kind} URL`;
  }
}

/** A driver's code (SQLSTATE, ECONNREFUSED, ER_BAD_DB_ERROR) or its class name: never its message. */
function reasonOf(error: unknown): string {
  if (error instanceof DraftError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Za-z0-9_]{2,40}$/.test(code)) return `failed with code ${code}`;
  return `failed (${error instanceof Error ? error.name : 'unknown error'})`;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let args: DraftArgs;
  try {
    args = parseDraftArgs(argv);
  } catch (error) {
    console.error(`draft-source: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    const shape = await readLiveSystem(args);
    text = draftDeclaration(shape, { name: args.name, kind: args.kind, schema: args.schema, database: args.kind === 'mongodb' ? args.database : null });
  } catch (error) {
    console.error(`draft-source: could not read the ${args.kind} system at ${targetOf(args)}: ${reasonOf(error)}`);
    return 1;
  }
  if (args.out === null) process.stdout.write(text);
  else {
    writeFileSync(args.out, text);
    console.error(`draft-source: wrote ${args.out}: review every "guessed" and "REVIEW" mark before the gateway uses it`);
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
  console.error(`draft-source: ${reasonOf(error)}`);
  process.exit(1);
});
