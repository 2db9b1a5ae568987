import { badInput } from '../errors';
import { textProblem } from './textProblem';

export const MAX_CALLBACK_URL = 2048;

/**
 * A callback URL must start with one of the configured allowlist prefixes (scheme, host, port
 * and path prefix compared on the parsed URL), and carry no credentials. Nothing else is
 * called: a caller cannot make the gateway reach loopback, link-local or metadata addresses.
 * Control characters are refused before parsing: the URL parser drops tabs and line breaks,
 * so the URL checked would not be the text sent.
 */
export function readCallbackUrl(raw: unknown, allowlist: readonly string[], at = 'callbackUrl'): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string' || raw.length > MAX_CALLBACK_URL) throw badInput(`${at}: expected a URL of at most ${MAX_CALLBACK_URL} characters`);
  const problem = textProblem(raw);
  if (problem) throw badInput(`${at}: expected a URL without control characters, got ${problem}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput(`${at}: expected an absolute http(s) URL`);
  }
  if (url.username || url.password) throw badInput(`${at}: expected a URL without credentials`);
  const allowed = allowlist.some((prefix) => {
    try {
      const p = new URL(prefix);
      // A prefix ends at a path segment: ".../dsr" allows ".../dsr" and ".../dsr/…", never ".../dsrx".
      const base = p.pathname.endsWith('/') ? p.pathname : `${p.pathname}/`;
      return p.protocol === url.protocol && p.host === url.host && (url.pathname === p.pathname || url.pathname.startsWith(base));
    } catch {
      return false;
    }
  });
  if (!allowed) throw badInput(`${at}: expected a URL under one of the configured callback prefixes (CALLBACK_ALLOWLIST)`);
  return url.toString();
}
