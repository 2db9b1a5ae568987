import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Seen } from './kit/consoleBrowser';
import { axeViolations, CHROMIUM, elsewhere, hasChromium, launchChromium, screenshot, watchPage } from './kit/consoleBrowser';
import type { TestGateway } from './kit/startTestGateway';
import { codes, OFFICER, startTestGateway } from './kit/startTestGateway';

/**
 * The privacy officer's console (issue #16) walked in headless Chromium against a real gateway
 * on the demo data: sign-in and purpose, the requests queue, a person, actions with their
 * confirmations and progress, proof, the data map. The DSR worker is driven by the test
 * (`startWorker: false`), so a request stays open exactly until the test lets it run. Every view
 * is checked by axe-core; any request to another origin, CSP violation or page error fails.
 */
if (!hasChromium) console.warn(`console.browser.test: SKIPPED: ${CHROMIUM} is absent (apt-get install -y chromium).`);

const ALICE = { email: 'alice@example.com' };

// The only skip in this suite: without a browser there is nothing to drive (warned above).
(hasChromium ? describe : describe.skip)('the officer console in headless Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  let token: string;
  const seen: Seen = { requests: [], problems: [] };
  const graphqlCalls = () => seen.requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname === '/graphql');
  const runWorker = async () => {
    for (let i = 0; i < 10 && (await gw.gateway.services.dsr.worker.runOnce()) > 0; i++);
  };
  const api = (query: string, variables: Record<string, unknown> = {}) => gw.query(query, { ...OFFICER, variables });
  /** What the gateway's schema offers (the console feature-detects the same way). */
  const fieldsOf = async (type: string): Promise<string[]> => {
    const t = (await api('query($name: String!){ __type(name: $name) { fields { name } inputFields { name } } }', { name: type })).body.data?.__type;
    return [...(t?.fields ?? []), ...(t?.inputFields ?? [])].map((f: { name: string }) => f.name);
  };
  const go = async (hash: string, ready: string) => {
    await page.evaluate((h) => (location.hash = h), hash);
    await page.waitForSelector(ready);
  };

  let overdueId: string;
  let pendingExportId: string;

  beforeAll(async () => {
    gw = await startTestGateway({ overrides: { startWorker: false } });
    token = await gw.token(OFFICER.roles, 'officer-jane');
    // The queue's material: an export for Bob, and an erasure of a generated subject whose due date has passed.
    const exp = await api('mutation($ref: SubjectRef!){ exportSubject(input:{ref:$ref}){ id } }', { ref: { email: 'bob@example.com' } });
    pendingExportId = exp.body.data?.exportSubject.id;
    const erase = await api('mutation($ref: SubjectRef!){ eraseSubject(input:{ref:$ref, idempotencyKey:"queue-user7"}){ id } }', { ref: { email: 'user7@demo.example' } });
    overdueId = erase.body.data?.eraseSubject.id;
    await gw.gateway.services.dsr.ledger.update(overdueId, { dueAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    await watchPage(page, seen);
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('1. signs in with a pasted token, offers only the purposes its roles may declare, and shows the purpose at all times', async () => {
    await page.goto(`${gw.url}/console`);
    await page.fill('#token', 'not-a-token');
    await page.getByText('expected a JWT (three parts separated by dots), got 1 part(s)').waitFor();
    await page.fill('#token', token);
    const offered = await page.$$eval('#purpose option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered.sort()).toEqual(['dsr_handling', 'legal_compliance']);
    await page.selectOption('#purpose', 'dsr_handling');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#purpose-banner');
    expect(await page.$eval('#current-purpose', (s) => (s as HTMLSelectElement).value)).toBe('dsr_handling');
    expect(await page.textContent('.banner')).toContain('officer-jane');
    // Every call so far went to the public API with the token and that purpose.
    expect(graphqlCalls().length).toBeGreaterThan(0);
    for (const call of graphqlCalls()) {
      expect(call.headers.authorization).toBe(`Bearer ${token}`);
      expect(call.headers['x-purpose']).toBe('dsr_handling');
    }
  });

  it('2. lists open requests by due date with days left, the overdue one marked, per-source tasks, filters, and a deadline extension with its reason', async () => {
    await go('#requests', '#queue table');
    const rows = page.locator('#queue tbody tr');
    expect(await rows.count()).toBe(2);
    const late = page.locator(`#queue tr[data-request="${overdueId}"]`);
    expect(await late.getAttribute('class')).toContain('overdue');
    expect(await late.locator('td.days').textContent()).toBe('3 days overdue');
    // Sorted by due date: the overdue erasure first.
    expect(await rows.first().getAttribute('data-request')).toBe(overdueId);
    const sources = (await api('{ dataMap { sources { name collections { name } } } }')).body.data?.dataMap.sources.filter((s: { collections: unknown[] }) => s.collections.length > 0).map((s: { name: string }) => s.name);
    for (const source of sources) expect(await late.locator('.task-source', { hasText: source }).count()).toBe(1);
    const week = (await api('query($id: ID!){ dsrRequest(id:$id){ dueAt } }', { id: pendingExportId })).body.data?.dsrRequest.dueAt < new Date(Date.now() + 7 * 86_400_000).toISOString() ? 1 : 0;
    expect(await page.textContent('#queue-summary')).toBe(`2 requests shown: 2 open, 1 overdue, ${week} due within 7 days.`);

    await page.check('#filter-overdue');
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 1);
    expect(await rows.first().getAttribute('data-request')).toBe(overdueId);
    await page.uncheck('#filter-overdue');
    await page.selectOption('#filter-type', 'EXPORT');
    await page.waitForFunction((id) => document.querySelectorAll('#queue tbody tr').length === 1 && document.querySelector(`#queue tr[data-request="${id}"]`) !== null, pendingExportId);
    await page.selectOption('#filter-type', '');
    await page.waitForFunction(() => document.querySelectorAll('#queue tbody tr').length === 2);

    const before = (await api('query($id: ID!){ dsrRequest(id:$id){ dueAt } }', { id: pendingExportId })).body.data?.dsrRequest.dueAt;
    await page.locator(`#queue tr[data-request="${pendingExportId}"]`).getByRole('button', { name: 'Extend deadline' }).click();
    await page.getByRole('button', { name: 'Extend deadline', exact: true }).last().click();
    await page.getByText('A reason is required.').waitFor();
    await page.fill('#extend-reason', 'Records at the processor need a manual search');
    await page.locator('dialog').getByRole('button', { name: 'Extend deadline' }).click();
    await page.locator('dialog').getByText(/^Now due /).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.locator(`#queue tr[data-request="${pendingExportId}"] .extended`, { hasText: 'extended: Records at the processor need a manual search' }).waitFor();
    const after = (await api('query($id: ID!){ dsrRequest(id:$id){ dueAt extendedReason } }', { id: pendingExportId })).body.data?.dsrRequest;
    expect(after.extendedReason).toBe('Records at the processor need a manual search');
    expect(after.dueAt > before).toBe(true);
    expect(await page.locator(`#queue tr[data-request="${pendingExportId}"]`).getByRole('button', { name: 'Extend deadline' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'queue');

    // A row opens its subject when the gateway's DsrRequest says who it is (an office-only field another part adds).
    const handle = (await fieldsOf('DsrRequest')).some((f) => f === 'subject' || f === 'subjectRef');
    expect(await page.locator('#queue .open-person').count()).toBe(handle ? 2 : 0);
    if (handle) {
      await page.locator(`#queue tr[data-request="${overdueId}"] .open-person`).click();
      await page.locator('#person-name').waitFor();
      expect(await page.locator('.identities').textContent()).toContain('user7@demo.example');
      await go('#requests', '#queue table');
    }
    await runWorker();
  });

  it('3. finds a person by email, phone or customer id: a card per source with each field labelled by category, and "seen as" other purposes', async () => {
    // Alice objects to fraud prevention, and a payment read discloses her data to the processor.
    const objected = await api('mutation($ref: SubjectRef!){ objectToPurpose(input:{ref:$ref, purpose:"fraud_prevention", reason:"profiling I did not agree to"}){ id status } }', { ref: ALICE });
    expect(objected.body.data?.objectToPurpose.status).toBe('COMPLETED');
    const billing = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ profile { name email } payments { amount } } }', { roles: ['billing_service'], purpose: 'payment_processing', variables: { ref: ALICE } });
    expect(billing.body.data?.subject.profile.name).toBe('Alice Anderson');
    await go('#person', '#ref-value');
    await page.fill('#ref-value', ALICE.email);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.waitForSelector('.source-card[data-source="orders"] table');
    const expected = (await api('query($ref: SubjectRef!){ subject(ref:$ref){ orders { id } payments { id } supportMessages { id } } }', { ref: ALICE })).body.data?.subject;
    expect(await page.locator('.source-card[data-source="orders"] tbody tr').count()).toBe(expected.orders.length);
    expect(await page.locator('.collection[data-field="payments"] tbody tr').count()).toBe(expected.payments.length);
    expect(await page.locator('.collection[data-field="supportMessages"] tbody tr').count()).toBe(expected.supportMessages.length);
    for (const order of expected.orders) expect(await page.locator('.source-card[data-source="orders"] td[data-field="id"]', { hasText: order.id }).count()).toBe(1);
    // Every column names its category, as the gateway's data map declares it.
    expect(await page.locator('.source-card[data-source="orders"] th[data-category="technical.ip"]').textContent()).toBe('iptechnical.ip');
    expect(await page.locator('.source-card[data-source="payments"] th[data-category="payment.card"]').textContent()).toBe('cardLast4payment.card');
    expect(await page.locator('.profile dd[data-field="email"]').textContent()).toBe(ALICE.email);
    expect(await page.locator('#card-consents + ul').textContent()).toContain('marketing ACTIVE');
    const held = (await api('query($ref: SubjectRef!){ subject(ref:$ref){ consents { purpose status } objections { purpose status } } disclosures(subject:$ref){ recipient recipientName purpose categories } }', { ref: ALICE })).body.data as any;
    expect(await page.locator('#card-consents + ul li').count()).toBe(held.subject.consents.length);
    for (const c of held.subject.consents) expect(await page.locator(`#card-consents + ul li[data-purpose="${c.purpose}"]`).textContent()).toContain(`${c.purpose} ${c.status}`);
    // Objections and disclosures, as the gateway records them.
    expect(held.subject.objections).toEqual([{ purpose: 'fraud_prevention', status: 'ACTIVE' }]);
    expect(await page.locator('section[aria-labelledby="card-objections"] tbody tr[data-purpose="fraud_prevention"] td').allTextContents()).toEqual(['fraud_prevention', 'ACTIVE', expect.stringMatching(/ UTC$/), '—']);
    expect(held.disclosures.length).toBeGreaterThan(0);
    expect(await page.locator('section[aria-labelledby="card-disclosures"] tbody tr').count()).toBe(held.disclosures.length);
    const [disclosed] = held.disclosures;
    const shown = await page.locator(`section[aria-labelledby="card-disclosures"] tbody tr[data-recipient="${disclosed.recipient}"]`).first().locator('td').allTextContents();
    expect(shown.slice(0, 4)).toEqual([disclosed.recipientName, 'contract', 'payment_processing', disclosed.categories.join(', ')]);
    expect(await page.locator('#card-audit').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'person');

    // A purpose the officer may declare: a real call under it.
    const callsBefore = graphqlCalls().length;
    await page.selectOption('#seen-as', 'legal_compliance');
    await page.locator('#seen-as-note', { hasText: 'As returned by the gateway to a call declaring legal_compliance' }).waitFor();
    expect(graphqlCalls().slice(callsBefore).some((c) => c.headers['x-purpose'] === 'legal_compliance')).toBe(true);

    // A purpose the officer may not declare: never sent; the gateway's myAccess(purpose:) says what it gets.
    const callsBeforeShop = graphqlCalls().length;
    await page.selectOption('#seen-as', 'order_fulfillment');
    await page.locator('#seen-as-note', { hasText: 'Your roles may not declare order_fulfillment' }).waitFor();
    expect(await page.textContent('#seen-as-note')).toContain("the gateway's myAccess(purpose:) says");
    const shopCalls = graphqlCalls().slice(callsBeforeShop);
    expect(shopCalls.map((c) => c.headers['x-purpose'])).not.toContain('order_fulfillment');
    expect(shopCalls.some((c) => c.headers['x-purpose'] === 'dsr_handling' && JSON.parse(c.body ?? '{}').variables?.purpose === 'order_fulfillment' && String(JSON.parse(c.body ?? '{}').query).includes('myAccess(purpose: $purpose)'))).toBe(true);
    expect(await page.locator('.collection[data-field="payments"] td[data-field="amount"]').first().textContent()).toBe('withheld: FORBIDDEN');
    expect(await page.locator('.collection[data-field="orders"] td[data-field="total"] .withheld').count()).toBe(0);
    // What the data map says is what the gateway does for that purpose, list by list and field by field.
    const shop = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ orders { id total ip } payments { id amount } supportMessages { id body } } }', { roles: ['shop_service'], purpose: 'order_fulfillment', variables: { ref: ALICE } });
    const forbidden = new Set((shop.body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => (e.path ?? []).filter((p) => typeof p === 'string').join('.')));
    for (const [list, fields] of [['orders', ['total', 'ip']], ['payments', ['amount']], ['supportMessages', ['body']]] as const) {
      const shown = page.locator(`.collection[data-field="${list}"]`);
      if (shop.body.data?.subject[list] === null) {
        expect(await shown.locator('.withheld').first().textContent()).toBe('withheld: FORBIDDEN');
        continue;
      }
      expect(await shown.locator('tbody tr').count()).toBe(shop.body.data?.subject[list].length);
      for (const field of fields) {
        const withheld = await shown.locator(`td[data-field="${field}"] .withheld`).count();
        expect([list, field, withheld > 0]).toEqual([list, field, forbidden.has(`subject.${list}.${field}`)]);
      }
    }

    // Her objection stops fraud prevention for her: the page says OBJECTED where the gateway does.
    await page.selectOption('#seen-as', 'fraud_prevention');
    await page.locator('.profile dd[data-field="name"] .withheld', { hasText: 'OBJECTED' }).waitFor();
    const fraud = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ profile { name } } }', { roles: ['shop_service'], purpose: 'fraud_prevention', variables: { ref: ALICE } });
    expect(codes(fraud)).toContain('OBJECTED');

    await page.selectOption('#seen-as', 'analytics');
    await page.locator('.identities .withheld-pseudonym').first().waitFor();
    expect(await page.locator('.profile dd[data-field="email"]').textContent()).toBe('pseudonym (psn_…)');

    await page.selectOption('#seen-as', 'dsr_handling');
    await page.selectOption('#ref-kind', 'phone');
    await page.fill('#ref-value', '+79990000003');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.locator('#person-name', { hasText: 'Carol' }).waitFor();
    await page.selectOption('#ref-kind', 'customerId');
    await page.fill('#ref-value', 'cus_bob');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.locator('#person-name', { hasText: 'Bob' }).waitFor();
    await page.selectOption('#seen-as', 'marketing');
    await page.locator('.profile dd[data-field="name"] .withheld', { hasText: 'CONSENT_REQUIRED' }).waitFor();
  });

  const findPerson = async (ref: { kind: string; value: string }, name: string) => {
    await go('#person', '#ref-value');
    await page.selectOption('#seen-as', 'dsr_handling');
    await page.selectOption('#ref-kind', ref.kind);
    await page.fill('#ref-value', ref.value);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.locator('#person-name', { hasText: name }).waitFor();
  };

  it('4. exports (downloaded in the page), blocks and erases, each after a confirmation per source, with an idempotency key and progress', async () => {
    await findPerson({ kind: 'email', value: 'bob@example.com' }, 'Bob');
    await page.click('button[data-action="export"]');
    const dialog = page.locator('dialog');
    expect(await dialog.locator('.plan li[data-source="orders"]').textContent()).toContain('reads 1 record into the export');
    // A key goes with every action whose input takes one (erasure's always does).
    expect(await dialog.locator('#idempotency-key').count()).toBe((await fieldsOf('ExportSubjectInput')).includes('idempotencyKey') ? 1 : 0);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByText(/^Request dsr_/).waitFor();
    await runWorker();
    await dialog.locator('#download-export').waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator('#download-export').click()]);
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported).toContain('bob@example.com');
    expect(() => JSON.parse(exported)).not.toThrow();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await findPerson({ kind: 'email', value: 'bob@example.com' }, 'Bob');
    await page.click('button[data-action="rectify"]');
    expect(await dialog.locator('.plan li[data-source="payments"]').textContent()).toContain('overwrites the profile fields it holds');
    await dialog.getByRole('button', { name: 'Rectify', exact: true }).click();
    await dialog.getByText('Enter at least one new value.').waitFor();
    await page.fill('#change-address', 'Kazan, Baumana st. 5');
    await dialog.getByRole('button', { name: 'Rectify', exact: true }).click();
    await dialog.getByText(/^Request dsr_/).waitFor();
    await runWorker();
    await dialog.locator('p.ok', { hasText: /^RECTIFY COMPLETED/ }).waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Show the person again' }).click();
    await page.locator('.profile dd[data-field="address"]', { hasText: 'Kazan, Baumana st. 5' }).waitFor();

    await findPerson({ kind: 'email', value: 'carol@example.com' }, 'Carol');
    await page.click('button[data-action="block"]');
    const carol = (await api('query($ref: SubjectRef!){ subject(ref:$ref){ payments { id } paymentCustomers { id } } }', { ref: { email: 'carol@example.com' } })).body.data?.subject;
    expect(await dialog.locator('.plan li[data-source="payments"]').textContent()).toContain(`restricts ${carol.payments.length + carol.paymentCustomers.length} records at the source`);
    await dialog.getByRole('button', { name: 'Block', exact: true }).click();
    await dialog.getByText('A reason is required.').waitFor();
    await page.fill('#action-reason', 'Accuracy contested by the subject');
    await dialog.getByRole('button', { name: 'Block', exact: true }).click();
    await dialog.getByText(/^Request dsr_/).waitFor();
    await runWorker();
    await dialog.locator('p.ok', { hasText: /^BLOCK COMPLETED/ }).waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Show the person again' }).click();
    await page.locator('.summary .status', { hasText: 'BLOCKED' }).waitFor();

    await findPerson({ kind: 'email', value: 'dave@example.com' }, 'Dave');
    await page.click('button[data-action="erase"]');
    if ((await fieldsOf('Query')).includes('erasurePlan')) {
      // The gateway's dry run replaces the data map's lines: Dave's held payment is kept until a date.
      await dialog.locator('#plan-from', { hasText: "From the gateway's erasure plan" }).waitFor();
      expect(await dialog.locator('.plan li[data-source="payments"]').textContent()).toMatch(/kept under .* until \d{4}-\d{2}-\d{2}/);
    } else {
      expect(await dialog.locator('#plan-from').textContent()).toBe("From the data map: each source's capabilities, retention rules and legal holds.");
      expect(await dialog.locator('.plan li[data-source="payments"]').textContent()).toContain('legal hold "accounting": 5 years');
    }
    const key = await dialog.locator('#idempotency-key').textContent();
    expect(key).toMatch(/^console-[0-9a-f]{32}$/);
    await dialog.getByRole('button', { name: 'Erase', exact: true }).click();
    await dialog.getByText('Confirm that you understand the erasure cannot be undone.').waitFor();
    await page.check('#erase-ack');
    await dialog.getByRole('button', { name: 'Erase', exact: true }).click();
    await dialog.getByText(/^Request dsr_/).waitFor();
    await runWorker();
    await dialog.getByRole('link', { name: 'Open the erasure certificate' }).waitFor({ timeout: 15_000 });
    // The key went with the request: the same client sending the same key gets the same request
    // (keys are the client's own: another client's equal key would be another request).
    const id = (await dialog.getByText(/^Request dsr_/).textContent())?.match(/dsr_[0-9a-f-]+/)?.[0];
    const again = await gw.query('mutation($ref: SubjectRef!, $key: String!){ eraseSubject(input:{ref:$ref, idempotencyKey:$key}){ id status } }', { ...OFFICER, variables: { ref: { email: 'dave@example.com' }, key }, headers: { authorization: `Bearer ${token}` } });
    expect(again.body.data?.eraseSubject).toEqual({ id, status: 'COMPLETED' });
    await screenshot(page, 'erase');
    await dialog.getByRole('link', { name: 'Open the erasure certificate' }).click();
  });

  it('5. shows the certificate as a print-ready document with its sha256, and the audit chain verified', async () => {
    await page.waitForSelector('.document');
    const requestId = page.url().split('#proof/')[1];
    const certificate = (await api('query($id: ID!){ dsrRequest(id:$id){ certificate { sha256 sources { source retained retainedUnder } } } }', { id: requestId })).body.data?.dsrRequest.certificate;
    expect(await page.textContent('#document-sha256')).toBe(certificate.sha256);
    const held = certificate.sources.find((s: { source: string }) => s.source === 'payments');
    expect(held.retained).toBe(1);
    expect(await page.locator('.document tr[data-source="payments"] td').nth(2).textContent()).toBe('1');
    expect(await page.locator('.document tr[data-source="payments"] td').nth(4).textContent()).toBe(held.retainedUnder);
    await page.click('#verify-audit');
    await page.locator('#audit-result', { hasText: /^Intact: \d+ events checked/ }).waitFor();
    const verified = (await api('{ verifyAuditLog { ok checked } }')).body.data?.verifyAuditLog;
    expect(verified.ok).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'proof');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.banner').isVisible()).toBe(false);
    expect(await page.locator('#verify-audit').isVisible()).toBe(false);
    expect(await page.locator('.document').isVisible()).toBe(true);
    await screenshot(page, 'certificate-print');
    await page.emulateMedia({ media: 'screen' });
  });

  it('5b. shows the retention clock: what its next run would do, and each run as an act with its sha256', async () => {
    // A former customer's ticket from 2019, past the helpdesk's three years: the clock's to destroy.
    await gw.gateway.sources.support.query("INSERT INTO tickets (id, customer_email, customer_name, subject, created_at) VALUES ('t_2019', 'former@example.com', 'Former Customer', 'Old order', '2019-03-01T10:00:00Z')");
    await gw.gateway.sources.support.query("INSERT INTO messages (id, ticket_id, author, body, created_at) VALUES ('m_2019', 't_2019', 'CUSTOMER', 'Where is my parcel?', '2019-03-01T10:00:00Z')");
    const preview = (await api('{ retentionPreview { source deleted depersonalized retained } }')).body.data?.retentionPreview as Array<{ source: string; deleted: number; depersonalized: number; retained: number }>;
    expect(preview.find((s) => s.source === 'support')?.deleted).toBe(2);
    await go('#proof', '#retention-runs');
    await page.waitForFunction(() => document.querySelector('#retention-preview')?.textContent !== 'Loading…');
    const due = preview.filter((s) => s.deleted + s.depersonalized + s.retained > 0);
    expect(await page.locator('#retention-preview tbody tr').count()).toBe(due.length);
    for (const s of due) expect((await page.locator(`#retention-preview tr[data-source="${s.source}"] td`).allTextContents()).slice(0, 3)).toEqual([s.deleted, s.depersonalized, s.retained].map(String));
    await screenshot(page, 'retention-preview');

    const done = await gw.gateway.retention.runOnce(new Date());
    expect(done?.sources.find((x) => x.source === 'support')?.deleted).toBe(2);
    const runs = (await api('{ retentionRuns(first: 20) { edges { node { id sha256 failedSources sources { source deleted depersonalized retained } } } } }')).body.data?.retentionRuns.edges.map((e: any) => e.node);
    await go('#map', '#data-map-matrix');
    await go('#proof', '#retention-runs li');
    expect(await page.locator('#retention-runs li').count()).toBe(runs.length);
    const [run] = runs;
    await page.locator(`#retention-runs button[data-run="${run.id}"]`).click();
    await page.locator('#document-title', { hasText: 'Retention act' }).waitFor();
    expect(await page.textContent('#document-sha256')).toBe(run.sha256);
    for (const s of run.sources) expect(await page.locator(`.document tr[data-source="${s.source}"] td`).first().textContent()).toBe(String(s.deleted));
    expect(await page.locator('.document dd').nth(3).textContent()).toBe(run.failedSources.join(', ') || 'none');
    // After that run, the clock has nothing left to do now.
    await page.waitForFunction(() => document.querySelector('#retention-preview')?.textContent === 'Nothing is past its retention period.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'retention');
  });

  it('6. draws the data map: every purpose × category cell as the gateway enforces it, and each source with its retention and recipients', async () => {
    await go('#map', '#data-map-matrix');
    const map = (await api('{ dataMap { purposes { id categories roles } categories { name } sources { name recipients retention } } }')).body.data?.dataMap;
    const reads = map.purposes.reduce((n: number, p: { categories: string[] }) => n + p.categories.filter((c) => map.categories.some((k: { name: string }) => k.name === c)).length, 0);
    expect(await page.locator('#data-map-matrix td.reads').count()).toBe(reads);
    expect(await page.locator('#data-map-matrix tbody tr').count()).toBe(map.categories.length);
    for (const p of map.purposes) expect(await page.locator('#data-map-purposes tbody tr', { has: page.locator(`code:text-is("${p.id}")`) }).locator('td').nth(1).textContent()).toBe(p.roles.join(', '));
    const payments = map.sources.find((s: { name: string }) => s.name === 'payments');
    const card = page.locator('.source-grid section[data-source="payments"]');
    for (const r of payments.recipients) expect(await card.textContent()).toContain(r);
    for (const r of payments.retention) expect(await card.textContent()).toContain(r);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'data-map');
  });

  it('reaches the main actions with the keyboard: tab to a person\'s actions, open one with Enter, close it with Escape', async () => {
    await findPerson({ kind: 'email', value: 'alice@example.com' }, 'Alice');
    await page.focus('#seen-as');
    const reached: string[] = [];
    for (let i = 0; i < 12 && reached.length < 4; i++) {
      await page.keyboard.press('Tab');
      const action = await page.evaluate(() => document.activeElement?.getAttribute('data-action') ?? null);
      if (action) reached.push(action);
    }
    expect(reached).toEqual(['export', 'block', 'rectify', 'erase']);
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('dialog') === null);
    for (const view of ['Requests', 'Person', 'Proof', 'Data map']) {
      await page.getByRole('link', { name: view, exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((name) => document.querySelector('nav a[aria-current="page"]')?.textContent === name, view);
    }
  });

  it('made every request to the gateway itself, with no CSP violation or page error', () => {
    expect(elsewhere(seen, new URL(gw.url).origin)).toEqual([]);
    expect(seen.requests.map((r) => new URL(r.url).pathname)).toEqual(expect.arrayContaining(['/console', '/console/console.js', '/console/console.css', '/graphql']));
    expect(seen.problems).toEqual([]);
  });
});
