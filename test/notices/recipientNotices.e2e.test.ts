import { callbackKey } from '../../src/dsr/deliverCallbacks';
import { mutate, waitFor } from '../kit/dsr';
import type { NoticeReceiver, ReceivedNotice } from '../kit/noticeReceiver';
import { startNoticeReceiver } from '../kit/noticeReceiver';
import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from '../kit/startTestGateway';

const SECRET = 'notices-test-pseudonym-secret-0123456789';
const BILLING = { roles: ['billing_service'], purpose: 'payment_processing' };
const MARKETING = { roles: ['marketing_service'], purpose: 'marketing' };
const NOTICE_FIELDS = 'id event receiverKind receiver receiverName subjectId requestId categories status attempts nextAt lastError createdAt deliveredAt';

describe('notices to recipients (GDPR art. 19) and consent changes to the systems acting on them', () => {
  let receiver: NoticeReceiver;
  let gw: TestGateway;
  let env: Record<string, string>;

  beforeAll(async () => {
    receiver = await startNoticeReceiver(callbackKey(SECRET));
    // The email delivery service declares no channel here: its notices are due, with none.
    env = { GATEWAY_PSEUDONYM_SECRET: SECRET, SEED_SUBJECTS: '20', PAYMENT_PROCESSOR_NOTIFY_URL: `${receiver.url}/processor/notices`, STORE_CONSENT_WEBHOOK_URL: `${receiver.url}/store/consents` };
    gw = await startTestGateway({ env });
  });
  afterAll(async () => {
    await gw?.close();
    await receiver?.close();
  });

  /** Delivers what is due (the schedule does it too) until a notice for `causeId` arrives. */
  async function received(cause: string, event: string, timeoutMs = 20_000): Promise<ReceivedNotice> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = receiver.accepted.find((n) => n.body.causeId === cause && n.body.event === event);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no ${event} notice for ${cause}; got ${JSON.stringify(receiver.accepted.map((n) => n.body))}`);
      await gw.gateway.services.dsr.deliverCallbacks();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function notices(args: string): Promise<any[]> {
    const r = await gw.query(`{ recipientNotices(${args}) { ${NOTICE_FIELDS} } }`, OFFICER);
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    return r.body.data?.recipientNotices;
  }

  async function billingRead(ref: string): Promise<void> {
    const read = await gw.query(`{ subject(ref:${ref}) { profile { name } payments { amount cardLast4 } } }`, BILLING);
    expect(read.body.errors).toBeUndefined();
  }

  it('a payment-processing read records a disclosure; erasing Alice sends the payment_processor recipient a signed notice', async () => {
    await billingRead('{email:"alice@example.com"}');
    const disclosed = await gw.query('{ disclosures(subject:{email:"alice@example.com"}) { recipient categories } }', OFFICER);
    expect(disclosed.body.data?.disclosures).toEqual([{ recipient: 'payment_processor', categories: ['identity.name', 'payment.card', 'payment.transaction'] }]);

    const accepted = await mutate(gw, 'eraseSubject', { ref: { email: 'alice@example.com' }, reason: 'account closed' });
    const done = await waitFor(gw, accepted.id);
    expect(done.status).toBe('COMPLETED');
    const notice = await received(accepted.id, 'ERASED');
    expect(notice.path).toBe('/processor/notices');
    // What happened, which categories, the request, and the processor's own reference to her: nothing more.
    expect(notice.body).toEqual({
      format: 'privacy-gateway/notice@1', id: expect.stringMatching(/^ntc_[0-9a-f]{32}$/), event: 'ERASED', receiver: 'payment_processor', causeId: accepted.id,
      at: expect.any(String), subject: { type: 'CUSTOMER_ID', value: 'cus_alice' }, categories: ['identity.name', 'payment.card', 'payment.transaction'],
    });
    expect(notice.raw).not.toMatch(/alice@example\.com|\+7999|Alice/);
    expect(receiver.badSignatures).toBe(0);

    // The destruction act names the recipient told, and the officer sees the notice delivered.
    const act = await gw.query(`query($id: ID!){ dsrRequest(id:$id){ certificate { recipientsNotified { recipient name categories noticeId channel } } } }`, { ...OFFICER, variables: { id: accepted.id } });
    expect(act.body.data?.dsrRequest.certificate.recipientsNotified).toEqual([{ recipient: 'payment_processor', name: expect.stringMatching(/^Payment processor/), categories: ['identity.name', 'payment.card', 'payment.transaction'], noticeId: notice.body.id, channel: 'DECLARED' }]);
    const listed = await notices(`requestId: "${accepted.id}"`);
    expect(listed).toEqual([expect.objectContaining({ id: notice.body.id, event: 'ERASED', receiverKind: 'RECIPIENT', receiver: 'payment_processor', status: 'DELIVERED', attempts: 1, lastError: null, deliveredAt: expect.any(String) })]);
    // Delivered, the stored body (with her customer id) is gone; delivered once, never again.
    const { rows } = await gw.gateway.services.state.sql.query<{ body: string | null }>('SELECT body FROM outbox WHERE id = $1', [notice.body.id]);
    expect(rows).toEqual([{ body: null }]);
    await gw.gateway.services.dsr.deliverCallbacks(new Date(Date.now() + 3_600_000));
    expect(receiver.accepted.filter((n) => n.body.id === notice.body.id)).toHaveLength(1);
    // The notices are the privacy office's to see.
    expect(codes(await gw.query(`{ recipientNotices(requestId: "${accepted.id}") { id } }`, BILLING))).toEqual(['FORBIDDEN']);
  });

  it('tells the processor of a rectification of what it received, with the new value, and nothing of a change it never received', async () => {
    await billingRead('{email:"dave@example.com"}');
    const renamed = await mutate(gw, 'rectifySubject', { ref: { email: 'dave@example.com' }, changes: { name: 'David Example' } });
    expect((await waitFor(gw, renamed.id)).status).toBe('COMPLETED');
    const notice = await received(renamed.id, 'RECTIFIED');
    expect(notice.body).toMatchObject({ receiver: 'payment_processor', subject: { type: 'CUSTOMER_ID', value: 'cus_dave' }, categories: ['identity.name'], changes: { name: 'David Example' } });

    // The processor never received Dave's address: a change to it owes it no notice.
    const moved = await mutate(gw, 'rectifySubject', { ref: { email: 'dave@example.com' }, changes: { address: '1 New Street' } });
    expect((await waitFor(gw, moved.id)).status).toBe('COMPLETED');
    expect(await notices(`requestId: "${moved.id}"`)).toEqual([]);
  });

  it('tells the processor when Carol is blocked and when she is unblocked', async () => {
    await billingRead('{email:"carol@example.com"}');
    const blocked = await mutate(gw, 'blockSubject', { ref: { email: 'carol@example.com' }, reason: 'accuracy contested' });
    expect((await waitFor(gw, blocked.id)).status).toBe('COMPLETED');
    expect((await received(blocked.id, 'BLOCKED')).body).toMatchObject({ subject: { type: 'CUSTOMER_ID', value: 'cus_carol' }, categories: ['identity.name', 'payment.card', 'payment.transaction'] });
    const unblocked = await mutate(gw, 'unblockSubject', { ref: { email: 'carol@example.com' }, reason: 'resolved' });
    expect((await waitFor(gw, unblocked.id)).status).toBe('COMPLETED');
    expect((await received(unblocked.id, 'UNBLOCKED')).body).toMatchObject({ receiver: 'payment_processor', subject: { type: 'CUSTOMER_ID', value: 'cus_carol' } });
  });

  it("sends Bob's marketing consent, granted then withdrawn, to the store's declared onConsentChange; the recipient with no channel is shown due; the export keeps the history", async () => {
    const grant = await gw.query('mutation { grantConsent(input:{ ref:{ email:"bob@example.com" }, purpose:"marketing", evidence:"signup form v3" }) { status } }', OFFICER);
    expect(grant.body.errors).toBeUndefined();
    const granted = (await notices('status: PENDING')).concat(await notices('status: DELIVERED')).find((n) => n.event === 'CONSENT_GRANTED' && n.receiver === 'orders');
    expect(granted).toBeDefined();
    expect((await received(granted.requestId, 'CONSENT_GRANTED')).body).toMatchObject({ receiver: 'orders', purpose: 'marketing', status: 'ACTIVE', subject: { type: 'CUSTOMER_ID', value: 'cus_bob' } });
    // Under his consent, marketing reads him: a disclosure to the email delivery service.
    const read = await gw.query('{ subject(ref:{email:"bob@example.com"}) { profile { name email } } }', MARKETING);
    expect(read.body.errors).toBeUndefined();

    const withdraw = await gw.query('mutation { withdrawConsent(input:{ ref:{ email:"bob@example.com" }, purpose:"marketing", evidence:"unsubscribe link" }) { status } }', OFFICER);
    expect(withdraw.body.data?.withdrawConsent.status).toBe('WITHDRAWN');
    const owed = (await notices('subject: { email: "bob@example.com" }')).filter((n) => n.event === 'CONSENT_WITHDRAWN');
    expect(owed.map((n) => [n.receiverKind, n.receiver]).sort()).toEqual([['RECIPIENT', 'email_delivery'], ['SOURCE', 'orders']]);
    const store = await received(owed.find((n) => n.receiver === 'orders').requestId, 'CONSENT_WITHDRAWN');
    expect(store.path).toBe('/store/consents');
    expect(store.body).toMatchObject({ receiver: 'orders', purpose: 'marketing', status: 'WITHDRAWN', subject: { type: 'CUSTOMER_ID', value: 'cus_bob' } });
    expect(store.raw).not.toContain('bob@example.com');
    const due = await notices('status: NO_CHANNEL');
    expect(due).toContainEqual(expect.objectContaining({ event: 'CONSENT_WITHDRAWN', receiver: 'email_delivery', receiverName: expect.stringMatching(/^Email delivery/), attempts: 0, nextAt: null }));
    // Never sent, so never stored: no reference to Bob is kept for a notice with no channel.
    const stored = await gw.gateway.services.state.sql.query<{ body: string | null }>("SELECT body FROM outbox WHERE status = 'NO_CHANNEL'");
    expect(stored.rows.length).toBeGreaterThan(0);
    expect(stored.rows.every((r) => r.body === null)).toBe(true);

    const exported = await mutate(gw, 'exportSubject', { ref: { email: 'bob@example.com' } });
    const file = await waitFor(gw, exported.id);
    const res = await fetch(`${gw.url}${file.export.downloadUrl}`, { headers: { authorization: `Bearer ${await gw.token(['privacy_officer'])}`, 'x-purpose': 'dsr_handling' } });
    const doc = (await res.json()) as { consents: Array<{ purpose: string; status: string; history: Array<{ action: string; evidence: string }> }> };
    expect(doc.consents).toEqual([expect.objectContaining({ purpose: 'marketing', status: 'WITHDRAWN', history: [expect.objectContaining({ action: 'ACTIVE', evidence: 'signup form v3' }), expect.objectContaining({ action: 'WITHDRAWN', evidence: 'unsubscribe link' })] })]);
  });

  it('keeps retrying a notice while its receiver is down, across a restart of the gateway, until it is up', async () => {
    await billingRead('{email:"user7@demo.example"}');
    await receiver.down();
    const blocked = await mutate(gw, 'blockSubject', { ref: { email: 'user7@demo.example' }, reason: 'objection pending' });
    expect((await waitFor(gw, blocked.id)).status).toBe('COMPLETED');
    await gw.gateway.services.dsr.deliverCallbacks();
    const [pending] = await notices(`requestId: "${blocked.id}"`);
    expect(pending).toMatchObject({ event: 'BLOCKED', status: 'PENDING', lastError: expect.stringMatching(/not accepted/) });
    expect(pending.attempts).toBeGreaterThanOrEqual(1);
    expect(receiver.accepted.some((n) => n.body.causeId === blocked.id)).toBe(false);

    await gw.stop();
    await receiver.up();
    gw = await startTestGateway({ env, dataDir: gw.dataDir });
    const notice = await received(blocked.id, 'BLOCKED', 30_000);
    expect(notice.body.id).toBe(pending.id);
    const [delivered] = await notices(`requestId: "${blocked.id}"`);
    expect(delivered).toMatchObject({ status: 'DELIVERED', lastError: null });
    expect(delivered.attempts).toBeGreaterThan(pending.attempts);
  });
});
