import type { InstancesFindings } from '../test/kit/instancesScenario';
import { runInstancesScenario } from '../test/kit/instancesScenario';

/** Whether the many-instances run held: every request completed once, sources and ledger agree, the chain verifies. */
export function instancesHeld(f: InstancesFindings): boolean {
  return f.statuses.COMPLETED === f.erasures && Object.keys(f.statuses).length === 1 && f.idsChanged.length === 0 && f.certificates.length === 0
    && f.sources.length === 0 && f.ledger.rows === f.erasures && f.ledger.distinctKeys === f.erasures && f.ledger.open === 0 && f.ledger.leased === 0 && f.audit.ok;
}

/**
 * `npm run soak -- --instances [N]`: the many-instances scenario of test/instances.e2e.test.ts at
 * full size (default 1 000 erasures, batches of up to 20), on the PostgreSQL server of
 * GATEWAY_TEST_STATE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
export async function soakInstances(options: { erasures: number; json: boolean }): Promise<boolean> {
  const serverUrl = process.env.GATEWAY_TEST_STATE_URL || process.env.SUPPORT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const found = await runInstancesScenario({ serverUrl, erasures: options.erasures, batch: Math.max(5, Math.min(20, Math.floor(options.erasures / 20))), log: (line) => console.error(`instances: ${line}`) });
  const held = instancesHeld(found);
  const shown = { ...found, idsChanged: found.idsChanged.slice(0, 5), certificates: found.certificates.slice(0, 5), sources: found.sources.slice(0, 5), held };
  console.log(options.json ? JSON.stringify(shown) : JSON.stringify(shown, null, 2));
  return held;
}
