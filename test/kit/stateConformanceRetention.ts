import type { Instances } from './stateConformance';

const at = (ms: number): string => new Date(Date.parse('2030-01-01T00:00:00.000Z') + ms).toISOString();

/** The retention clock's tables and the objections, on every state adapter. */
export function defineStateRetentionTests(instances: Instances): void {
  it('gives a retention slot to one of two instances asking at once, and the next slot only when it is due', async () => {
    const { a, b } = instances();
    const claims = await Promise.all([a, b].map((s, i) => s.retention.claimSlot({ holder: `h${i}`, now: at(0), next: at(3_600_000) })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await a.retention.claimSlot({ holder: 'h0', now: at(3_599_999), next: at(7_200_000) })).toBe(false);
    expect(await b.retention.claimSlot({ holder: 'h1', now: at(3_600_000), next: at(7_200_000) })).toBe(true);
  });

  it('records a run and lists runs newest first, by pages', async () => {
    const { a, b } = instances();
    for (let i = 0; i < 3; i++) {
      await a.retention.begin({ id: `ret_${i}`, holder: 'h', startedAt: at(i * 1000) });
      await a.retention.complete({ id: `ret_${i}`, completedAt: at(i * 1000 + 500), sources: [{ source: 'support', deleted: i, depersonalized: 0, retained: 0, retainedUntil: null, retainedUnder: null, completedAt: at(i * 1000 + 400) }], failedSources: [], sha256: `h${i}` });
    }
    const first = await b.retention.list({ first: 2, after: null });
    expect(first.runs.map((r) => [r.id, r.completedAt, r.sources[0]?.deleted])).toEqual([['ret_2', at(2500), 2], ['ret_1', at(1500), 1]]);
    expect(first.hasNextPage).toBe(true);
    const rest = await b.retention.list({ first: 2, after: { startedAt: at(1000), id: 'ret_1' } });
    expect([rest.runs.map((r) => r.id), rest.hasNextPage]).toEqual([['ret_0'], false]);
  });

  it('keeps an objection per subject and purpose, with its withdrawal, in the subject state', async () => {
    const { a, b } = instances();
    await a.registry.ensure('sub_objecting', [{ type: 'EMAIL', value: 'objecting@state.example' }]);
    await a.registry.recordObjection({ subjectId: 'sub_objecting', purpose: 'analytics', object: true, at: at(0), requestId: 'dsr_1' });
    expect((await b.registry.get('sub_objecting'))?.objections).toEqual([{ purpose: 'analytics', status: 'ACTIVE', objectedAt: at(0), withdrawnAt: null }]);
    await b.registry.recordObjection({ subjectId: 'sub_objecting', purpose: 'analytics', object: false, at: at(1000), requestId: 'dsr_2' });
    const [state] = await a.registry.findByIdentities([{ type: 'EMAIL', value: 'objecting@state.example' }]);
    expect(state?.objections).toEqual([{ purpose: 'analytics', status: 'WITHDRAWN', objectedAt: at(0), withdrawnAt: at(1000) }]);
  });
}
