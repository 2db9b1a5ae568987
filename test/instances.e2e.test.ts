import { runInstancesScenario } from './kit/instancesScenario';
import { tcpAnswers } from './kit/tcpAnswers';

/**
 * Many instances (#15.3): three gateway processes over one PostgreSQL state and shared sources,
 * one SIGKILLed mid-way (test/kit/instancesScenario.ts says how). 60 erasures here; 1 000 with
 * `npm run soak -- --instances 1000`.
 */
const serverUrl = process.env.GATEWAY_TEST_STATE_URL || process.env.SUPPORT_TEST_DATABASE_URL || '';
const answers = serverUrl !== '' && tcpAnswers({ host: new URL(serverUrl).hostname, port: Number(new URL(serverUrl).port || 5432) });
const skipped = serverUrl === '' ? 'GATEWAY_TEST_STATE_URL is not set' : answers ? null : `nothing answers at ${new URL(serverUrl).host}`;

(skipped ? describe.skip : describe)(`three gateway processes over one PostgreSQL state${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it('complete every erasure exactly once with one of them SIGKILLed mid-way; the sources agree with the ledger; the audit chain verifies', async () => {
    // The killed instance's requests are taken over after 10 s instead of the default 30.
    const found = await runInstancesScenario({ serverUrl, erasures: 60, batch: 5, env: { DSR_LEASE_MS: '10000' } });
    expect(found.atKill.accepted).toBeGreaterThan(0);
    expect(found.atKill.accepted).toBeLessThan(60);
    expect(found.atKill.inProgress).toBeGreaterThan(0);
    expect(found.statuses).toEqual({ COMPLETED: 60 });
    expect(found.idsChanged).toEqual([]);
    expect(found.certificates).toEqual([]);
    expect(found.sources).toEqual([]);
    expect(found.ledger).toEqual({ rows: 60, distinctKeys: 60, open: 0, leased: 0 });
    expect(found.audit.ok).toBe(true);
    expect(found.audit.checked).toBeGreaterThan(0);
  }, 300_000);
});
