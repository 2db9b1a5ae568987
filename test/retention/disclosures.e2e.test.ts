import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { DEFAULT_POLICY_FILE, compilePolicy } from '../../src/policy/loadPolicy';
import type { SqlClient } from '../../src/sql/SqlClient';
import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, startTestGateway } from '../kit/startTestGateway';
import { mutate, waitFor } from '../kit/dsr';

const DISCLOSED = '{ disclosures(subject: { email: "alice@example.com" }) { recipient recipientName basis purpose categories at requestId } }';
const BILLING = { roles: ['billing_service'], purpose: 'payment_processing' };

describe('disclosures to recipients outside the company (GDPR art. 15(1)(c))', () => {
  let gw: TestGateway;
  /** Statements that write disclosures: their own INSERT, or the audit append carrying some (its second parameter). */
  const inserts: string[] = [];
  /** Set by a test: the next append that carries disclosures gets one more the table refuses (no subject). */
  let breakNextDisclosure = false;
  const counting = (sql: SqlClient): SqlClient => new Proxy(sql, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver);
      return (text: string, params?: readonly unknown[]) => {
        const carried = /audit_append\(/.test(text) && typeof params?.[1] === 'string' && (JSON.parse(params[1]) as unknown[]).length > 0;
        if (/INSERT INTO disclosures/.test(text) || carried) inserts.push(text);
        if (carried && breakNextDisclosure && params) {
          breakNextDisclosure = false;
          const disclosed = JSON.parse(params[1] as string) as Array<Record<string, unknown>>;
          return target.query(text, [params[0], JSON.stringify([...disclosed, { ...disclosed[0], subjectId: null }]), ...params.slice(2)]);
        }
        return target.query(text, params);
      };
    },
  });
  beforeAll(async () => {
    gw = await startTestGateway({ env: { SEED_SUBJECTS: '20' }, overrides: { wrapStateSql: counting } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('records a payment-processing read as a disclosure to the processor, and shows it to the officer', async () => {
    const read = await gw.query('{ subject(ref:{email:"alice@example.com"}) { id profile { name } payments { amount cardLast4 } } }', BILLING);
    expect(read.body.errors).toBeUndefined();
    const listed = await gw.query(DISCLOSED, OFFICER);
    expect(listed.body.data?.disclosures).toEqual([{
      recipient: 'payment_processor',
      recipientName: expect.stringMatching(/^Payment processor/),
      basis: 'contract',
      purpose: 'payment_processing',
      categories: ['identity.name', 'payment.card', 'payment.transaction'],
      at: expect.any(String),
      requestId: expect.any(String),
    }]);
    // The same request id as the read's audit event.
    const audit = await gw.query('{ auditEvents(subject:{email:"alice@example.com"}, first: 20) { edges { node { requestId purpose } } } }', OFFICER);
    expect(audit.body.data?.auditEvents.edges.map((e: any) => e.node.requestId)).toContain(listed.body.data?.disclosures[0].requestId);
  });

  it('writes one statement for a read of many subjects, the audit event\'s own, and nothing for a purpose that discloses to no one', async () => {
    inserts.length = 0;
    const refs = Array.from({ length: 10 }, (_, i) => `{ email: "user${i + 1}@demo.example" }`).join(', ');
    const many = await gw.query(`{ subjects(refs: [${refs}]) { payments { amount } } }`, BILLING);
    expect(many.body.errors).toBeUndefined();
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).toMatch(/audit_append\(/);
    const third = await gw.query('{ disclosures(subject: { email: "user3@demo.example" }) { recipient purpose } }', OFFICER);
    expect(third.body.data?.disclosures).toEqual([{ recipient: 'payment_processor', purpose: 'payment_processing' }]);
    const own = await gw.query('{ subject(ref:{email:"alice@example.com"}) { orders { total } } }', { roles: ['shop_service'], purpose: 'order_fulfillment' });
    expect(own.body.errors).toBeUndefined();
    expect(inserts).toHaveLength(1);
  });

  it('writes a read\'s disclosures and its audit event together or not at all: a refused disclosure leaves neither, and no data', async () => {
    breakNextDisclosure = true;
    const read = await gw.query('{ subject(ref:{email:"user15@demo.example"}) { payments { amount } } }', BILLING);
    expect(breakNextDisclosure).toBe(false);
    expect(read.status).toBe(503);
    expect(read.body.data).toBeNull();
    const listed = await gw.query('{ disclosures(subject: { email: "user15@demo.example" }) { recipient } }', OFFICER);
    expect(listed.body.data?.disclosures).toEqual([]);
    // Neither the read's event nor its disclosures: the group was one write, rolled back as one.
    const events = (await gw.query('{ auditEvents(first: 50) { edges { node { requestId } } } }', OFFICER)).body.data?.auditEvents.edges;
    expect(events.map((e: any) => e.node.requestId)).not.toContain(read.headers.get('x-request-id'));
    expect((await gw.query('{ verifyAuditLog { ok } }', OFFICER)).body.data?.verifyAuditLog).toEqual({ ok: true });
    // And the chain goes on: the next read is audited and disclosed as usual.
    expect((await gw.query('{ subject(ref:{email:"user15@demo.example"}) { payments { amount } } }', BILLING)).status).toBe(200);
    expect((await gw.query('{ disclosures(subject: { email: "user15@demo.example" }) { recipient } }', OFFICER)).body.data?.disclosures).toEqual([{ recipient: 'payment_processor' }]);
  });

  it('discloses to a recipient on consent only the subjects who consented', async () => {
    const marketing = { roles: ['marketing_service'], purpose: 'marketing' };
    await gw.query('{ subject(ref:{email:"alice@example.com"}) { profile { name email } } }', marketing);
    await gw.query('{ subject(ref:{email:"bob@example.com"}) { profile { name email } } }', marketing);
    const alice = (await gw.query(DISCLOSED, OFFICER)).body.data?.disclosures;
    expect(alice[0]).toMatchObject({ recipient: 'email_delivery', basis: 'consent', purpose: 'marketing', categories: ['contact.email', 'identity.name'] });
    const bob = (await gw.query('{ disclosures(subject: { email: "bob@example.com" }) { recipient } }', OFFICER)).body.data?.disclosures;
    expect(bob).toEqual([]);
  });

  it("lists the disclosures in Alice's export", async () => {
    const accepted = await mutate(gw, 'exportSubject', { ref: { email: 'alice@example.com' } });
    const done = await waitFor(gw, accepted.id);
    const res = await fetch(`${gw.url}${done.export.downloadUrl}`, { headers: { authorization: `Bearer ${await gw.token(['privacy_officer'])}`, 'x-purpose': 'dsr_handling' } });
    const doc = (await res.json()) as { disclosures: Array<{ recipient: string; basis: string; purpose: string }>; objections: unknown[] };
    expect(doc.disclosures.map((d) => [d.recipient, d.basis, d.purpose])).toEqual([['email_delivery', 'consent', 'marketing'], ['payment_processor', 'contract', 'payment_processing']]);
    expect(doc.objections).toEqual([]);
  });

  it('refuses a policy that would disclose on consent through a purpose that needs none', () => {
    const p = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
    p.thirdParties.email_delivery.purposes = ['order_fulfillment'];
    expect(() => compilePolicy(p, 'test')).toThrow(/thirdParties\.email_delivery\.purposes\[0\]: expected a purpose that requires consent/);
  });
});
