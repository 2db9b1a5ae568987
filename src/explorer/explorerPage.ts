/**
 * The explorer's HTML: no inline script or style, every asset from this gateway's /explorer/
 * (see explorerCsp). The data: favicon stops the browser asking for /favicon.ico. Scripts load
 * in order: GraphiQL's UMD build needs React and ReactDOM globals. explorer.js carries the page's
 * style nonce (readable only as `currentScript.nonce`) for the <style> GraphiQL inserts later.
 */
export function explorerPage(options: { title: string; assetBase: string; styleNonce: string }): string {
  const base = escapeHtml(options.assetBase);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${base}graphiql.min.css">
<link rel="stylesheet" href="${base}explorer.css">
</head>
<body>
<noscript>The explorer needs JavaScript. Without it, POST GraphQL requests to /graphql with the Authorization and X-Purpose headers.</noscript>
<div id="graphiql">Loading the explorer…</div>
<script src="${base}react.production.min.js"></script>
<script src="${base}react-dom.production.min.js"></script>
<script src="${base}graphiql.min.js"></script>
<script src="${base}explorer.js" nonce="${escapeHtml(options.styleNonce)}"></script>
</body>
</html>
`;
}

/** Text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
