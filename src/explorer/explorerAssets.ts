import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exampleOperations } from './exampleOperations';
import { explorerScript } from './explorerScript';

import type { StaticAsset } from './sendAsset';
import { toAsset } from './sendAsset';

/** One file the explorer serves. */
export type ExplorerAsset = StaticAsset;

export const EXPLORER_PATH = '/graphql';
export const ASSET_BASE = '/explorer/';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** A file of an installed package. Their `exports` hide the UMD builds, so resolve the package root. */
function packageFile(pkg: string, file: string): Buffer {
  return readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file));
}

const asset = toAsset;

/**
 * URL path → asset: everything the page loads besides itself (the page carries a fresh nonce per
 * view, see explorerCsp). The gateway never sends a browser anywhere else.
 */
export function loadExplorerAssets(): ReadonlyMap<string, ExplorerAsset> {
  const settings = {
    endpoint: EXPLORER_PATH,
    document: exampleOperations.document,
    variables: JSON.stringify(exampleOperations.variables, null, 2),
    headers: JSON.stringify(exampleOperations.headers, null, 2),
  };
  return new Map<string, ExplorerAsset>([
    [`${ASSET_BASE}explorer.js`, asset(explorerScript(settings), JS)],
    [`${ASSET_BASE}explorer.css`, asset('html, body { height: 100%; margin: 0; }\n#graphiql { height: 100vh; }\n', CSS)],
    [`${ASSET_BASE}graphiql.min.js`, asset(packageFile('graphiql', 'graphiql.min.js'), JS)],
    [`${ASSET_BASE}graphiql.min.css`, asset(packageFile('graphiql', 'graphiql.min.css'), CSS)],
    [`${ASSET_BASE}react.production.min.js`, asset(packageFile('react', 'umd/react.production.min.js'), JS)],
    [`${ASSET_BASE}react-dom.production.min.js`, asset(packageFile('react-dom', 'umd/react-dom.production.min.js'), JS)],
  ]);
}

/*
 * The one piece of module-level state in the explorer, and why it is allowed: serveExplorer's
 * signature `(req, res)` is fixed by the server, the files are immutable package contents, and
 * reading plus gzipping ~1.4 MB on every request would be waste. Written once, on the first
 * explorer request (never at import: a gateway whose explorer nobody opens never reads them).
 */
let cached: ReadonlyMap<string, ExplorerAsset> | null = null;

/** The assets, read and compressed on first use and then served from memory. */
export function explorerAssets(): ReadonlyMap<string, ExplorerAsset> {
  cached ??= loadExplorerAssets();
  return cached;
}
