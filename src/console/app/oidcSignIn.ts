import * as oauth from 'oauth4webapi';
import type { ConsoleSettings } from '../consoleSettings';

type OidcSettings = NonNullable<ConsoleSettings['oidc']>;

/** What must survive the round trip to the identity provider: in this tab's sessionStorage only. */
const PENDING = 'console:oidc-pending';

interface Pending {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

/** The console is registered at the identity provider with this redirect URI, and no other. */
export const redirectUri = (): string => `${location.origin}/console`;

/** Plain http is for an issuer on this machine (a test or a local IdP); oauth4webapi refuses it otherwise. */
const transport = (issuer: URL): { [oauth.allowInsecureRequests]?: boolean } => (issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {});

async function discover(settings: OidcSettings): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(settings.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...transport(issuer) }));
}

/**
 * Authorization code + PKCE (RFC 7636, S256) as a public client: the verifier, state and nonce
 * stay in this tab; the browser leaves for the identity provider's authorization endpoint.
 */
export async function startOidcSignIn(settings: OidcSettings): Promise<void> {
  const as = await discover(settings);
  if (!as.authorization_endpoint) throw new Error(`expected an authorization_endpoint in the discovery document of ${settings.issuer}, got none`);
  const pending: Pending = { verifier: oauth.generateRandomCodeVerifier(), state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce() };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/**
 * Back from the identity provider (`/console?code=…&state=…`): checks the state, exchanges the
 * code with the verifier, checks the ID token's claims, and returns the access token (the token
 * the gateway verifies through GATEWAY_JWKS_URL). Null when this page load is no such return.
 * The code leaves the address bar first, so a reload never replays it.
 */
export async function finishOidcSignIn(settings: OidcSettings): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return null;
  const stored = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `/console${location.hash}`);
  if (!stored) throw new Error('expected a sign-in started from this tab, got a return from the identity provider with none pending');
  const pending = JSON.parse(stored) as Pending;
  const as = await discover(settings);
  const client: oauth.Client = { client_id: settings.clientId };
  const callback = oauth.validateAuthResponse(as, client, params, pending.state);
  const issuer = new URL(settings.issuer);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), callback, redirectUri(), pending.verifier, transport(issuer));
  const result = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: settings.scope.split(' ').includes('openid') });
  return result.access_token;
}

/** An identity provider's refusal as one line for the sign-in page (its error code and description, no token). */
export function oidcProblem(error: unknown): string {
  if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError) return `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
