import type { Instances } from './stateConformance';

const at = (ms: number): string => new Date(Date.parse('2030-01-01T00:00:00.000Z') + ms).toISOString();

/** What two requests at once must not both get, on every state adapter: a rectification's new identity, a consent change's key. */
export function defineStateKeyTests(instances: Instances): void {
  it('gives an identity to one subject only, also when two instances claim it at once; claiming again what a subject holds is a no-op', async () => {
    const { a, b } = instances();
    const [x, y] = await Promise.all([
      a.identityClaims.claim({ subjectId: 'sub_a', requestId: 'dsr_a', hashes: ['h1', 'h2'], at: at(0) }),
      b.identityClaims.claim({ subjectId: 'sub_b', requestId: 'dsr_b', hashes: ['h2'], at: at(0) }),
    ]);
    // Exactly one of the two holds h2; sub_a holds h1 either way.
    expect([x, y].filter((lost) => lost.includes('h2'))).toHaveLength(1);
    expect(x.includes('h1')).toBe(false);
    const winner = y.length === 0 ? 'sub_b' : 'sub_a';
    expect(await a.identityClaims.claim({ subjectId: winner, requestId: 'dsr_again', hashes: ['h2'], at: at(1) })).toEqual([]);
    await b.identityClaims.release(winner === 'sub_a' ? 'dsr_a' : 'dsr_b');
    expect(await a.identityClaims.claim({ subjectId: 'sub_c', requestId: 'dsr_c', hashes: ['h2'], at: at(2) })).toEqual([]);
  });

  it('records a consent change once per key, also when two instances record it at once', async () => {
    const { a, b } = instances();
    await a.registry.ensure('sub_keys', [{ type: 'EMAIL', value: 'keys@state.example' }]);
    const change = { subjectId: 'sub_keys', purpose: 'marketing', grant: true, at: at(0), policyVersion: 'v1', evidence: 'form' };
    const key = { key: 'client:x:key:consent-0001', inputDigest: 'd1' };
    const answers = await Promise.all([a.registry.recordKeyedConsent(change, key), b.registry.recordKeyedConsent(change, key)]);
    expect(answers.filter((r) => 'recorded' in r)).toHaveLength(1);
    expect(answers.find((r) => 'taken' in r)).toEqual({ taken: { inputDigest: 'd1', consent: expect.objectContaining({ status: 'ACTIVE', history: [expect.objectContaining({ action: 'ACTIVE' })] }) } });
    expect((await a.registry.get('sub_keys'))?.consents[0]?.history).toHaveLength(1);
  });
}
