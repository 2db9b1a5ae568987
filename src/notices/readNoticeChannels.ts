import type { Policy } from '../policy/Policy';
import { PolicyError } from '../policy/PolicyError';
import { DeclarationError } from '../sources/declarations/DeclarationError';
import type { SourceDeclaration } from '../sources/declarations/SourceDeclaration';
import type { ConsentChannel, NoticeChannel, NoticeChannels } from './NoticeChannels';

const VARIABLE = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;

/** An absolute http(s) URL with no credentials in it, or why not. */
function urlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'an absolute http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'an http(s) URL';
  if (parsed.username || parsed.password) return 'a URL without credentials (the notice is signed instead)';
  return null;
}

/**
 * `${VAR}` and `${VAR:-default}` read from the environment. A url that is only an unset variable
 * is no channel (null); an unset variable inside a longer url is an error, as in the declarations.
 */
function expand(template: string, env: Readonly<NodeJS.ProcessEnv>, at: string): string | null {
  const whole = /^\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}$/.exec(template);
  if (whole) {
    const value = env[whole[1] as string];
    return value !== undefined && value !== '' ? value : whole[2] || null;
  }
  return template.replace(VARIABLE, (_, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    throw new PolicyError(at, `the environment variable ${name} to be set`, 'it unset');
  });
}

/**
 * The channels of notices, checked at start-up: every recipient's `notify.url` (from the policy)
 * and every source's `onConsentChange.url` (from its declaration, already expanded) is an http(s)
 * URL, or nothing. `onNoChannel` hears each receiver whose notices will wait with no channel.
 */
export function readNoticeChannels(options: { policy: Policy; declarations: readonly SourceDeclaration[]; env: Readonly<NodeJS.ProcessEnv>; onNoChannel?: (receiver: string) => void }): NoticeChannels {
  const recipients = new Map<string, NoticeChannel>();
  for (const recipient of options.policy.thirdParties.values()) {
    const at = `thirdParties.${recipient.id}.notify.url`;
    const url = recipient.notify?.url ? expand(recipient.notify.url, options.env, at) : null;
    const problem = url === null ? null : urlProblem(url);
    if (problem) throw new PolicyError(at, problem, url);
    if (url === null) options.onNoChannel?.(`recipient ${recipient.id}`);
    recipients.set(recipient.id, { url, reference: recipient.notify?.reference ?? null });
  }
  const sources = new Map<string, ConsentChannel>();
  for (const d of options.declarations) {
    const hook = d.onConsentChange;
    if (!hook) continue;
    const problem = hook.url === null ? null : urlProblem(hook.url);
    if (problem) throw new DeclarationError(d.file, `sources.${d.name}.onConsentChange.url`, problem, JSON.stringify(hook.url));
    if (hook.url === null) options.onNoChannel?.(`source ${d.name}`);
    const reference = hook.reference ?? d.collections.flatMap((c) => c.identities.map((i) => i.type))[0] ?? null;
    sources.set(d.name, { url: hook.url, reference, purposes: hook.purposes });
  }
  return { recipients, sources };
}
