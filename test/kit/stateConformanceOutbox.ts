import type { OutboxItem } from '../../src/state/Outbox';
import type { Instances } from './stateConformance';

const at = (ms: number): string => new Date(Date.parse('2030-01-01T00:00:00.000Z') + ms).toISOString();

const item = (id: string, url: string | null): OutboxItem => ({
  id, event: 'ERASED', receiverKind: 'RECIPIENT', receiver: 'payment_processor', subjectId: 'sub_outbox', causeId: 'req_outbox', categories: ['identity.name'], url, body: `{"id":"${id}","subject":{"type":"CUSTOMER_ID","value":"cus_x"}}`, createdAt: at(0),
});

/** The notices outbox (Outbox), on every state adapter. */
export function defineStateOutboxTests(instances: Instances): void {
  it('stores a notice enqueued twice once, and one without a channel as NO_CHANNEL, never claimed', async () => {
    const { a, b } = instances();
    await a.outbox.enqueue([item('ntc_1', 'http://127.0.0.1:9/n'), item('ntc_2', null)]);
    await b.outbox.enqueue([item('ntc_1', 'http://127.0.0.1:9/n')]);
    const listed = await b.outbox.list({ causeId: 'req_outbox', first: 10 });
    expect(listed.map((n) => [n.id, n.status, n.nextAt]).sort()).toEqual([['ntc_1', 'PENDING', at(0)], ['ntc_2', 'NO_CHANNEL', null]]);
    const claimed = await a.outbox.claim(at(1000), at(61_000));
    expect(claimed?.id).toBe('ntc_1');
    expect(await a.outbox.claim(at(1000), at(61_000))).toBeNull();
  });

  it('gives a due notice to one of two instances claiming at once, and clears its body once delivered', async () => {
    const { a, b } = instances();
    await a.outbox.enqueue([item('ntc_3', 'http://127.0.0.1:9/n')]);
    const claims = await Promise.all([a, b].map((s) => s.outbox.claim(at(1000), at(61_000))));
    const [claimed] = claims.filter((c) => c !== null);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    if (!claimed) throw new Error('expected a claim');
    await b.outbox.record(claimed, { attempts: 1, status: 'PENDING', nextAt: at(3000), lastError: 'not accepted', at: at(1000) });
    expect(await a.outbox.claim(at(2999), at(62_000))).toBeNull();
    const again = await a.outbox.claim(at(3000), at(63_000));
    expect(again).toEqual({ id: 'ntc_3', url: 'http://127.0.0.1:9/n', body: claimed.body, attempts: 1 });
    await a.outbox.record(again as NonNullable<typeof again>, { attempts: 2, status: 'DELIVERED', nextAt: null, lastError: null, at: at(3000) });
    const [done] = await b.outbox.list({ subjectId: 'sub_outbox', first: 1 });
    expect(done).toMatchObject({ status: 'DELIVERED', attempts: 2, deliveredAt: at(3000), lastError: null });
    const { rows } = await a.sql.query<{ body: string | null }>("SELECT body FROM outbox WHERE id = 'ntc_3'");
    expect(rows).toEqual([{ body: null }]);
  });
}
