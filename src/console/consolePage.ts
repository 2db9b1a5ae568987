import { escapeHtml } from '../explorer/explorerPage';

/** The console's HTML: a shell for /console/console.js, with no inline script or style (see explorerCsp). */
export function consolePage(options: { assetBase: string }): string {
  const base = escapeHtml(options.assetBase);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>privacy-gateway console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${base}console.css">
<script src="${base}console.js" defer></script>
</head>
<body>
<noscript>The console needs JavaScript. Without it, use the GraphQL API at /graphql.</noscript>
<div id="app">Loading the console…</div>
</body>
</html>
`;
}
