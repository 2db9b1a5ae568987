import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-results', 'console');

/** Everything a page asked for and everything that went wrong in it (page errors, CSP violations). */
export interface Seen {
  requests: Array<{ url: string; method: string; headers: Record<string, string>; body: string | null }>;
  problems: string[];
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Records every request and every problem of `page`; a CSP violation is reported by a listener injected before the page's scripts. */
export async function watchPage(page: Page, seen: Seen, options: { ignoreConsole?: RegExp } = {}): Promise<void> {
  page.on('request', (r) => seen.requests.push({ url: r.url(), method: r.method(), headers: r.headers(), body: r.postData() }));
  page.on('pageerror', (e) => seen.problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) void r.text().then((body) => seen.problems.push(`HTTP ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}: ${body.slice(0, 300)}`), () => undefined);
  });
  page.on('console', (m) => {
    if (options.ignoreConsole?.test(m.text())) return;
    if (m.type() === 'error' || m.text().startsWith('csp-violation')) seen.problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.warn(`csp-violation ${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

/** Requests that left the gateway's origin (data: and blob: of the page itself do not). */
export function elsewhere(seen: Seen, origin: string): string[] {
  return seen.requests.map((r) => r.url).filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core's serious and critical violations on the page as it is now. axe is evaluated through
 * the DevTools protocol: the page's CSP (script-src 'self') rightly refuses an injected <script>.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
