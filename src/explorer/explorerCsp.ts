/**
 * The explorer's Content-Security-Policy: only this gateway may supply anything the page runs,
 * styles or calls, so neither a CDN nor a mistyped URL can reach a page that holds an officer's
 * token. Checked in Chromium by test/explorer.browser.test.ts, which fails on any violation.
 *
 * - No 'unsafe-inline', no 'unsafe-eval': GraphiQL 3 and React's UMD builds evaluate no strings,
 *   and the only <style> element GraphiQL inserts at run time (react-remove-scroll, when a
 *   dialog or menu opens) carries `__webpack_nonce__`, which explorer.js sets from its own
 *   script tag's nonce. Hence a fresh nonce per page view; without one (`null`), inline styles
 *   are refused and GraphiQL still works, its dialogs merely do not lock page scrolling.
 * - font-src/img-src data:: GraphiQL's fonts are data: URIs inside its CSS, the favicon is data:.
 * - `connectTo`: origins besides this one the page may call. Only the console's identity
 *   provider (GATEWAY_OIDC_ISSUER: discovery and the token endpoint, the PKCE exchange), and only
 *   when one is configured.
 */
export function explorerCsp(styleNonce: string | null, connectTo: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${styleNonce ? ` 'nonce-${styleNonce}'` : ''}`,
    "font-src 'self' data:",
    "img-src 'self' data:",
    ["connect-src 'self'", ...connectTo].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
