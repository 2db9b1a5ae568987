/**
 * The program of the worker thread that hosts PGlite for `PgliteSqlClient` — plain JavaScript,
 * run with `new Worker(PGLITE_WORKER_SCRIPT, { eval: true })`, so it needs no file on disk (it
 * works the same from `src` under tsx, from `dist`, and under Jest).
 *
 * Why a worker: PGlite executes Postgres as WASM on the thread that calls it, so in-process every
 * query would stall the gateway's event loop; and PGlite loads its parts with `import()`, which
 * Jest's module sandbox refuses unless Node runs with --experimental-vm-modules.
 *
 * It is a dumb executor; the protocol (every message but the first carries the caller's `id`):
 *   worker → main  { type: 'ready' } | { type: 'failed', error }            once, after boot
 *   main → worker  { id, op: 'query', text, params, txId? }  → { id, ok, fields, types, rows, rowCount }
 *                  { id, op: 'begin', txId }                 → { id, ok } once the transaction holds the connection
 *                  { id, op: 'end', txId, commit }           → { id, ok } after COMMIT or ROLLBACK
 *                  { id, op: 'close' }                       → { id, ok }
 *   a failure      → { id, ok: false, error: { name, message, code } } (never the statement or parameters)
 * Rows travel as arrays (rowMode 'array') with their column names and type oids; the main side
 * rebuilds them as objects.
 */
export const PGLITE_WORKER_SCRIPT = String.raw`
'use strict';
const { parentPort, workerData, threadId } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');

// Owner-only files, whatever the umask: PGlite's file system (Emscripten's NODEFS) sets the mode
// of every file it creates with chmod (0666, as Postgres would on a system it cannot see the
// umask of), and chmod ignores the umask. This thread's own fs module (a worker's builtins are
// its own) keeps only the owner's bits of every mode PGlite sets or creates with, from the first
// file on: the database holds personal data.
const ownerOnly = (mode) => (typeof mode === 'number' ? mode & 0o700 : mode);
const withOwnerMode = (options, fallback) => {
  if (typeof options === 'number') return ownerOnly(options);
  if (options !== null && typeof options === 'object') return Object.assign({}, options, { mode: ownerOnly(options.mode === undefined ? fallback : options.mode) });
  return typeof options === 'string' ? { encoding: options, mode: fallback } : { mode: fallback };
};
for (const name of ['chmodSync', 'fchmodSync', 'lchmodSync']) {
  const original = fs[name];
  if (typeof original === 'function') fs[name] = (target, mode) => original(target, ownerOnly(mode));
}
const originalMkdir = fs.mkdirSync;
fs.mkdirSync = (target, options) => originalMkdir(target, withOwnerMode(options, 0o700));
const originalWriteFile = fs.writeFileSync;
fs.writeFileSync = (target, data, options) => originalWriteFile(target, data, withOwnerMode(options, 0o600));
const originalOpen = fs.openSync;
fs.openSync = (target, flags, mode) => originalOpen(target, flags, mode === undefined ? 0o600 : ownerOnly(mode));

/** A directory made by an older version, or copied from a template: what is there is made owner-only too. */
function ownerOnlyTree(dir) {
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) ownerOnlyTree(at);
    else if (entry.isFile()) fs.chmodSync(at, 0o600);
  }
}

const { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = fs;
const { PGlite, protocol, parse } = require(workerData.pglitePath);
const { prepareValue } = require(workerData.pgUtilsPath);
const { serialize } = protocol;

const asText = (value) => value;
// int8, date and numeric stay text, as on the pool adapter.
const parsers = { 20: asText, 1082: asText, 1700: asText };
const transactions = new Map();
const ROLLBACK = new Error('rollback requested');

function errorOf(error) {
  const e = error !== null && typeof error === 'object' ? error : {};
  return { name: String(e.name || 'Error'), message: String(e.message || error), code: typeof e.code === 'string' ? e.code : undefined };
}

function begin(db, txId) {
  return new Promise((begun, failed) => {
    const entry = {};
    const finished = new Promise((resolve, reject) => { entry.commit = resolve; entry.rollback = () => reject(ROLLBACK); });
    entry.done = db.transaction(async (tx) => {
      entry.tx = tx;
      transactions.set(txId, entry);
      begun({});
      await finished;
    });
    entry.done.catch(failed);
  });
}

async function end(txId, commit) {
  const entry = transactions.get(txId);
  if (entry === undefined) throw new Error('no open transaction ' + txId);
  transactions.delete(txId);
  if (commit) entry.commit(); else entry.rollback();
  try {
    await entry.done;
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return {};
}

// PGlite's query() makes six protocol calls into Postgres per statement (parse, describe the
// statement to learn its parameter types, bind, describe the portal, execute, sync), parsing and
// planning it every time. Here a statement is one call — bind, describe, execute and sync in one
// buffer — on a statement prepared by name the first time its text is met, the parameters as
// text the way node-postgres sends them (the pool adapter's encoding: the same SQL runs on both,
// so Postgres infers the same types from the statements' casts). It takes PGlite's own locks
// exactly as query() does: a statement outside a transaction waits for the open one to end;
// inside one, it runs under the transaction's lock. (Without those two methods, a PGlite other
// than the locked version: query() as before.)
const oneRoundTrip = typeof PGlite.prototype._runExclusiveQuery === 'function' && typeof PGlite.prototype._runExclusiveTransaction === 'function';

// Statements are prepared once by name and then only bound and run: parsing and planning a
// statement is most of a short one's cost. PGlite has one connection, so the names are this
// thread's alone. The most recently used STATEMENT_CACHE texts keep theirs; a schema change
// (DDL) forgets them all, since a prepared statement must not outlive the columns it returns.
const STATEMENT_CACHE = 256;
const prepared = new Map();
let nextStatement = 1;
const DDL = /^\s*(CREATE|ALTER|DROP|TRUNCATE|COMMENT|GRANT|REVOKE|DO)\b/i;

async function statementFor(db, text) {
  let name = prepared.get(text);
  if (name !== undefined) {
    prepared.delete(text);
    prepared.set(text, name);
    return name;
  }
  name = 'pg_gw_' + nextStatement++;
  const close = [];
  if (prepared.size >= STATEMENT_CACHE) {
    const [oldest, oldName] = prepared.entries().next().value;
    prepared.delete(oldest);
    close.push(serialize.close({ type: 'S', name: oldName }));
  }
  await db.execProtocolStream(Buffer.concat([...close, serialize.parse({ name, text, types: [] }), serialize.sync()]), { syncToFs: false });
  prepared.set(text, name);
  return name;
}

async function forgetStatements(db) {
  if (prepared.size === 0) return;
  const names = [...prepared.values()];
  prepared.clear();
  await db.execProtocolStream(Buffer.concat([...names.map((name) => serialize.close({ type: 'S', name })), serialize.sync()]), { syncToFs: false });
}

/** Binds the values to the statement (the unnamed one, parsed by prefix, when statement is ''), runs it and syncs: one call. */
function execute(db, statement, values, prefix = []) {
  const messages = [...prefix, serialize.bind({ statement, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()];
  return db.execProtocolStream(Buffer.concat(messages), { syncToFs: false });
}

async function runStatement(db, text, params, inTransaction) {
  const values = (params || []).map((value) => prepareValue(value));
  const messages = await db._runExclusiveQuery(async () => {
    let replies;
    if (DDL.test(text)) {
      await forgetStatements(db);
      replies = await execute(db, '', values, [serialize.parse({ text, types: [] })]);
    } else {
      const run = async () => execute(db, await statementFor(db, text), values);
      try {
        replies = await run();
      } catch (error) {
        // A table's columns changed under a prepared statement (DDL this thread did not see as
        // such): Postgres refuses before executing anything, so it is prepared again and run once
        // more — outside a transaction; inside one, the refusal has aborted it already (and the
        // statement's next run outside one prepares it again).
        if (!(error && error.code === '0A000' && /cached plan must not change result type/.test(String(error.message)))) throw error;
        if (inTransaction) throw error;
        await forgetStatements(db);
        replies = await run();
      }
    }
    if (!inTransaction) await db.syncToFs();
    return replies;
  });
  return parse.parseResults(messages, db.parsers, { rowMode: 'array' })[0] || { fields: [], rows: [], rowCount: 0 };
}

function statementOn(db, message) {
  const inTransaction = message.txId !== undefined;
  const entry = inTransaction ? transactions.get(message.txId) : undefined;
  if (inTransaction && entry === undefined) throw new Error('no open transaction ' + message.txId);
  if (!oneRoundTrip) return (inTransaction ? entry.tx : db).query(message.text, message.params, { rowMode: 'array' });
  if (inTransaction) return runStatement(db, message.text, message.params, true);
  return db._runExclusiveTransaction(() => runStatement(db, message.text, message.params, false));
}

async function query(db, message) {
  const result = await statementOn(db, message);
  return {
    fields: result.fields.map((field) => field.name),
    types: result.fields.map((field) => field.dataTypeID),
    rows: result.rows,
    rowCount: result.rowCount === undefined ? 0 : result.rowCount,
  };
}

async function handle(db, message) {
  switch (message.op) {
    case 'query': return query(db, message);
    case 'begin': return begin(db, message.txId);
    case 'end': return end(message.txId, message.commit);
    case 'close': await db.close(); return {};
    default: throw new Error('unknown operation ' + String(message.op));
  }
}

// A fresh in-memory database starts from a copy of a pristine one when a template exists:
// initdb is most of a boot (seconds), loading the template a fraction. The template is written
// once, atomically (temporary name, then rename), right after an initdb; a missing or unusable
// template just means initdb.
async function createInMemory(templatePath) {
  if (templatePath !== null && existsSync(templatePath)) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([readFileSync(templatePath)]), parsers });
    } catch {
      rmSync(templatePath, { force: true });
    }
  }
  const db = await PGlite.create({ parsers });
  if (templatePath !== null) {
    try {
      const partial = templatePath + '.' + process.pid + '.' + threadId + '.tmp';
      writeFileSync(partial, Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer()));
      renameSync(partial, templatePath);
    } catch {
      // No template this time; the next boot runs initdb again.
    }
  }
  return db;
}

async function main() {
  let db;
  try {
    if (workerData.dataDir === null) {
      db = await createInMemory(workerData.templatePath);
    } else {
      mkdirSync(workerData.dataDir, { recursive: true });
      ownerOnlyTree(workerData.dataDir);
      db = await PGlite.create({ dataDir: workerData.dataDir, parsers });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'failed', error: errorOf(error) });
    return;
  }
  parentPort.on('message', (message) => {
    handle(db, message).then(
      (body) => parentPort.postMessage(Object.assign({ id: message.id, ok: true }, body)),
      (error) => parentPort.postMessage({ id: message.id, ok: false, error: errorOf(error) }),
    );
  });
  parentPort.postMessage({ type: 'ready' });
}

main();
`;
