import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { explorerCsp } from '../explorer/explorerCsp';
import type { StaticAsset } from '../explorer/sendAsset';
import { SECURITY_HEADERS, sendAsset, toAsset } from '../explorer/sendAsset';
import type { Config } from '../config';
import type { Policy } from '../policy/Policy';
import { buildConsoleBundle } from './buildConsoleBundle';
import { consolePage } from './consolePage';
import { consoleSettings } from './consoleSettings';

export const CONSOLE_PATH = '/console';
const ASSET_BASE = `${CONSOLE_PATH}/`;

export type ConsoleHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * The privacy officer's console at /console: its page, its bundle, its stylesheet and its
 * settings, all from this process, under the explorer's CSP (no CDN, no inline script or style).
 * The bundle is built on the first request and then served from memory. Resolves false, having
 * written nothing, for any other path or method.
 */
export function createConsoleHandler(options: { policy: Policy; rolesClaim?: string; oidc?: Config['oidc'] }): ConsoleHandler {
  const oidc = options.oidc ?? null;
  const settings = consoleSettings({ policy: options.policy, rolesClaim: options.rolesClaim ?? 'roles', oidc });
  // The page may call the identity provider's origin (discovery, the code exchange), and no other.
  const csp = explorerCsp(null, oidc ? [new URL(oidc.issuer).origin] : []);
  let assets: Promise<ReadonlyMap<string, StaticAsset>> | null = null;
  const load = async (): Promise<ReadonlyMap<string, StaticAsset>> => {
    const css = readFileSync(path.join(__dirname, 'app', 'console.css'));
    const script = await buildConsoleBundle();
    return new Map([
      [`${ASSET_BASE}console.js`, toAsset(script, 'text/javascript; charset=utf-8')],
      [`${ASSET_BASE}console.css`, toAsset(css, 'text/css; charset=utf-8')],
      [`${ASSET_BASE}settings.json`, toAsset(JSON.stringify(settings), 'application/json; charset=utf-8')],
    ]);
  };
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = new URL(req.url ?? '/', 'http://gateway').pathname;
    if (pathname === CONSOLE_PATH || pathname === ASSET_BASE) {
      sendPage(req, res, csp);
      return true;
    }
    if (!pathname.startsWith(ASSET_BASE)) return false;
    assets ??= load().catch((error: unknown) => {
      assets = null;
      throw error;
    });
    const asset = (await assets).get(pathname);
    if (!asset) return false;
    sendAsset(req, res, asset);
    return true;
  };
}

function sendPage(req: IncomingMessage, res: ServerResponse, csp: string): void {
  const body = Buffer.from(consolePage({ assetBase: ASSET_BASE }), 'utf8');
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'content-security-policy': csp,
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
