import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_POLICY_FILE } from '../../src/policy/loadPolicy';

/**
 * The shipped policy plus what the statistics tests need besides: a depersonalized purpose that
 * reads order totals and the helpdesk (`analytics_lite`, role `analyst_lite`), a set over the helpdesk's
 * tickets (whose categories analytics reads none of), and one whose dates go no finer than a month.
 */
export function aggregatePolicyFile(): string {
  const policy = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Record<string, any>;
  policy.purposes.analytics_lite = { description: 'Totals only', basis: 'legitimate_interest', depersonalized: true, categories: ['order.total', 'support'] };
  policy.roles.analyst_lite = ['analytics_lite'];
  policy.statistics.sets.tickets = { source: 'support', collection: 'tickets', dimensions: { createdAt: { date: true } } };
  policy.statistics.sets.ordersMonthly = { source: 'orders', dimensions: { createdAt: { date: true, finest: 'month' } }, measures: { total: {} } };
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'pg-aggregate-policy-')), 'policy.yaml');
  writeFileSync(file, YAML.stringify(policy));
  return file;
}
