import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_POLICY_FILE } from '../../src/policy/loadPolicy';

/** The shipped policy with some retention rules' `keepFor` replaced (`{ support: 'PT1S' }`), written to a temp file. */
export function retentionPolicyFile(keepFor: Record<string, string>): string {
  const policy = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as { retention: Record<string, Record<string, unknown>> };
  for (const [category, period] of Object.entries(keepFor)) policy.retention[category] = { ...policy.retention[category], keepFor: period };
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-policy-')), 'policy.yaml');
  writeFileSync(file, YAML.stringify(policy));
  return file;
}

export const RUN_FIELDS = 'id startedAt completedAt failedSources sha256 sources { source deleted depersonalized retained retainedUntil retainedUnder completedAt }';
