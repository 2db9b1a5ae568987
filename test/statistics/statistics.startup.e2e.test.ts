import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_POLICY_FILE } from '../../src/policy/loadPolicy';
import { OFFICER, startTestGateway } from '../kit/startTestGateway';

/**
 * A statistic set the opened sources contradict stops start-up naming the key (checked once the
 * sources are open: what a kind can list is the kind's), and leaves nothing half-made: the same data
 * dir starts cleanly right after. (Whether the refused start closed its sources is not observable
 * here: the embedded stores reopen either way.)
 */
function policyWith(sets: Record<string, unknown>): string {
  const policy = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as { statistics: { sets: Record<string, unknown> } };
  policy.statistics.sets = sets;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-policy-')), 'policy.yaml');
  writeFileSync(file, YAML.stringify(policy));
  return file;
}

it('refuses a set over an undeclared field of a declared source, naming the key; the data dir starts again', async () => {
  const first = await startTestGateway({ env: { POLICY_FILE: policyWith({ byCountry: { source: 'orders', dimensions: { country: {} } } }) } }).catch((error: unknown) => error);
  expect(first).toBeInstanceOf(Error);
  expect((first as Error).message).toMatch(/statistics\.sets\.byCountry\.dimensions\.country\.field: expected a field the collection declares/);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
  await expect(startTestGateway({ dataDir, env: { POLICY_FILE: policyWith({ byCountry: { source: 'orders', dimensions: { country: {} } } }) } })).rejects.toThrow(/byCountry/);
  const gw = await startTestGateway({ dataDir });
  try {
    const r = await gw.query('{ subject(ref:{email:"alice@example.com"}) { profile { name } } }', OFFICER);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.subject.profile.name).toBe('Alice Anderson');
  } finally {
    await gw.close();
  }
});
