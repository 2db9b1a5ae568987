import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type DocumentNode } from 'graphql';
import { ErrorCode } from '../src/errors';
import { FIDES_DIR } from './kit/fidesFixtures';

/**
 * Every addition a client can see is named somewhere a client reads: in CONTRACT.md itself, or in
 * docs/contract-extensions.md (root fields, error codes), or in the README's environment table
 * (variables). A new root field, code or variable that neither names fails here.
 */
const ROOT = path.resolve(__dirname, '..');
const CONTRACT = readFileSync(path.resolve(FIDES_DIR, '..', '..', 'CONTRACT.md'), 'utf8');
const EXTENSIONS = readFileSync(path.join(ROOT, 'docs', 'contract-extensions.md'), 'utf8');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function rootFields(): string[] {
  const dir = path.join(ROOT, 'schema');
  const fields: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
    const doc: DocumentNode = parse(readFileSync(path.join(dir, file), 'utf8'));
    for (const def of doc.definitions) {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      if (def.name.value !== 'Query' && def.name.value !== 'Mutation') continue;
      for (const field of def.fields ?? []) fields.push(`${def.name.value}.${field.name.value}`);
    }
  }
  return fields;
}

/** Names inside the contract's GraphQL blocks: `  name(` or `  name:` at the start of a line. */
function contractRootNames(): Set<string> {
  const names = new Set<string>();
  for (const block of CONTRACT.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    for (const line of (block[1] as string).split('\n')) {
      const m = /^\s+([a-zA-Z]+)\s*[(:]/.exec(line);
      if (m) names.add(m[1] as string);
    }
  }
  return names;
}

function configVariables(): string[] {
  const source = readFileSync(path.join(ROOT, 'src', 'config.ts'), 'utf8');
  const names = new Set<string>();
  for (const m of source.matchAll(/\(env, '([A-Z][A-Z0-9_]+)'/g)) names.add(m[1] as string);
  for (const m of source.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1] as string);
  return [...names].filter((name) => name !== 'NODE_ENV').sort();
}

/** The README's environment table: every backticked name in its first column. */
function readmeVariables(): Set<string> {
  const start = README.indexOf('Environment (CONTRACT.md §2, plus');
  expect(start).toBeGreaterThan(0);
  const table = README.slice(start).split('\n\n')[1] ?? '';
  const names = new Set<string>();
  for (const row of table.split('\n').filter((line) => line.startsWith('| `'))) {
    for (const m of (row.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)/g)) names.add(m[1] as string);
  }
  return names;
}

describe('what the gateway adds to the contract is named where clients read', () => {
  test('every root field is in CONTRACT.md or docs/contract-extensions.md', () => {
    const inContract = contractRootNames();
    const fields = rootFields();
    expect(fields.length).toBeGreaterThan(10);
    const unnamed = fields.filter((f) => !inContract.has(f.split('.')[1] as string) && !EXTENSIONS.includes(`\`${f}\``));
    expect(unnamed).toEqual([]);
  });

  test('every error code is in CONTRACT.md or docs/contract-extensions.md', () => {
    const unnamed = Object.values(ErrorCode).filter((code) => !CONTRACT.includes(`\`${code}\``) && !EXTENSIONS.includes(`\`${code}\``));
    expect(unnamed).toEqual([]);
  });

  test('every variable the gateway reads is in CONTRACT.md §2 or the README environment table', () => {
    const documented = readmeVariables();
    const variables = configVariables();
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'GATEWAY_STATE_URL', 'RETENTION_INTERVAL']));
    const unnamed = variables.filter((name) => !CONTRACT.includes(`\`${name}\``) && !documented.has(name));
    expect(unnamed).toEqual([]);
  });
});
