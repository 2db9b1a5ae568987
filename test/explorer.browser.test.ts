import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { exampleOperations } from '../src/explorer/exampleOperations';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

/**
 * The explorer as an officer uses it, in headless Chromium against a real gateway: the page
 * loads only from the gateway, the officer pastes a token and purpose into the header editor,
 * runs FindSubject for Alice, and sees her data. Any request to another origin, any CSP
 * violation or any page error fails the test.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '..', 'test-results', 'explorer.png');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`explorer.browser.test: SKIPPED: ${CHROMIUM} is absent, so the explorer was not tested in a browser. Install Debian's chromium package (apt-get install -y chromium; .ci/run does).`);
}

interface Seen {
  requests: Array<{ url: string; method: string; headers: Record<string, string>; body: string | null }>;
  problems: string[];
}

async function openExplorer(page: Page, url: string, seen: Seen): Promise<void> {
  page.on('request', (r) => seen.requests.push({ url: r.url(), method: r.method(), headers: r.headers(), body: r.postData() }));
  page.on('pageerror', (e) => seen.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // Before a token is pasted, GraphiQL's schema request is refused (401), as it should be.
    if (/^Failed to load resource: .* status of 401/.test(m.text())) return;
    if (m.type() === 'error' || m.text().startsWith('csp-violation')) seen.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  // Runs before the page's scripts (injected by the browser, so the page's CSP does not apply to it).
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.warn(`csp-violation ${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  await page.goto(`${url}/graphql`);
  await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
}

/** Replaces an editor's text as a paste would: select all, insert (no auto-closed brackets). */
async function replaceEditorText(page: Page, selector: string, text: string): Promise<void> {
  await page.click(`${selector} .CodeMirror-lines`);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** The full text of a CodeMirror 5 editor (the DOM holds only its visible lines). */
function editorValue(page: Page, selector: string): Promise<string> {
  return page.$eval(`${selector} .CodeMirror`, (el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
}

const VISIBLE_TOOL_EDITOR = 'section.graphiql-editor-tool .graphiql-editor:not(.hidden)';
const RESPONSE = '.graphiql-response';

// The only skip in this suite: without a browser there is nothing to drive (warned above).
(hasChromium ? describe : describe.skip)('explorer in headless Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  let token: string;
  const seen: Seen = { requests: [], problems: [] };

  beforeAll(async () => {
    gw = await startTestGateway();
    token = await gw.token(OFFICER.roles);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await openExplorer(page, gw.url, seen);
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('runs the first saved operation on first load with no typing but the token: its variables are already there', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const fresh = await context.newPage();
    const freshSeen: Seen = { requests: [], problems: [] };
    await openExplorer(fresh, gw.url, freshSeen);
    await fresh.getByRole('button', { name: 'Variables', exact: true }).click();
    expect(JSON.parse(await editorValue(fresh, VISIBLE_TOOL_EDITOR))).toEqual(exampleOperations.variables);
    await fresh.getByRole('button', { name: 'Headers', exact: true }).click();
    const headers = await editorValue(fresh, VISIBLE_TOOL_EDITOR);
    await replaceEditorText(fresh, VISIBLE_TOOL_EDITOR, headers.replace(/Bearer <[^>]*>/, `Bearer ${token}`));
    await fresh.click('.graphiql-execute-button');
    await fresh.getByRole('menuitem', { name: 'FindSubject' }).click();
    await fresh.waitForFunction(
      (selector) => (document.querySelector(`${selector} .CodeMirror`) as unknown as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue().includes('"subject"') ?? false,
      RESPONSE,
      { timeout: 20_000 },
    );
    const result = JSON.parse(await editorValue(fresh, RESPONSE)) as { data?: { subject: { profile: { email: string } } }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data?.subject.profile.email).toBe(exampleOperations.variables.ref.email);
    expect(freshSeen.problems).toEqual([]);
    await context.close();
  });

  it('runs FindSubject for alice@example.com with the pasted token and purpose, and shows her data', async () => {
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await replaceEditorText(page, VISIBLE_TOOL_EDITOR, JSON.stringify({ Authorization: `Bearer ${token}`, 'X-Purpose': OFFICER.purpose }, null, 2));
    await page.getByRole('button', { name: 'Variables', exact: true }).click();
    await replaceEditorText(page, VISIBLE_TOOL_EDITOR, JSON.stringify({ ref: { email: 'alice@example.com' } }));

    // Several operations in the document: the run button offers them by name.
    await page.click('.graphiql-execute-button');
    await page.getByRole('menuitem', { name: 'FindSubject' }).click();
    await page.waitForFunction(
      (selector) => (document.querySelector(`${selector} .CodeMirror`) as unknown as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue().includes('"subject"') ?? false,
      RESPONSE,
      { timeout: 20_000 },
    );
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });

    const shown = await editorValue(page, RESPONSE);
    expect(shown).toContain('alice@example.com');
    const result = JSON.parse(shown) as { data?: { subject: { profile: { email: string }; orders: Array<{ id: string }> } }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    const expected = await gw.query('query($ref: SubjectRef!){ subject(ref:$ref){ orders { id } } }', { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    const orderIds = (expected.body.data?.subject.orders as Array<{ id: string }>).map((o) => o.id);
    expect(orderIds).toHaveLength(3);
    expect(result.data?.subject.orders.map((o) => o.id)).toEqual(orderIds);
    for (const id of orderIds) expect(shown).toContain(id);

    const run = seen.requests.filter((r) => r.method === 'POST' && r.body?.includes('"operationName":"FindSubject"'));
    expect(run).toHaveLength(1);
    expect(run[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(run[0]?.headers['x-purpose']).toBe('dsr_handling');
  });

  it('loads the schema with the pasted headers: the docs list the root fields', async () => {
    await page.getByRole('button', { name: 'Re-fetch GraphQL schema' }).click();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByRole('link', { name: 'Query', exact: true }).click();
    // waitFor fails the test (timeout) unless the field's link appears.
    for (const field of ['subject', 'subjects', 'dsrRequest', 'auditEvents', 'verifyAuditLog', 'dataMap']) {
      await page.locator('.graphiql-doc-explorer').getByRole('link', { name: field, exact: true }).waitFor({ timeout: 10_000 });
    }
  });

  it('keeps the pasted headers across a reload (shouldPersistHeaders), for this browser tab only', async () => {
    await page.reload();
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    expect(await editorValue(page, VISIBLE_TOOL_EDITOR)).toContain(`Bearer ${token}`);
    // Token and looked-up subjects live in sessionStorage: nothing of them outlasts the tab.
    const stored = await page.evaluate(() => ({ local: JSON.stringify({ ...window.localStorage }), session: JSON.stringify({ ...window.sessionStorage }) }));
    expect(stored.session).toContain(token);
    expect(stored.session).toContain('alice@example.com');
    expect(stored.local).not.toContain(token);
    expect(stored.local).not.toContain('alice@example.com');
  });

  it('made every request to the gateway itself, with no CSP violation or page error', () => {
    const origin = new URL(gw.url).origin;
    const elsewhere = seen.requests.map((r) => r.url).filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(seen.requests.map((r) => new URL(r.url).pathname)).toEqual(expect.arrayContaining(['/graphql', '/explorer/graphiql.min.js', '/explorer/explorer.js']));
    expect(seen.problems).toEqual([]);
  });
});
