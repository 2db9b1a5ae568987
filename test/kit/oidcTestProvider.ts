import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import type { SigningKey } from './jwksServer';
import { signingKey } from './jwksServer';

/**
 * A small OpenID provider for the console's sign-in test (oidc-provider needs Node 22): discovery,
 * an authorization endpoint that consents at once and redirects back with a code, a token endpoint
 * that redeems each code once and only with the verifier whose S256 challenge came with it
 * (RFC 7636), and its JWKS for the gateway. CORS for the one browser origin it serves.
 */
export interface OidcTestProvider {
  readonly issuer: string;
  readonly origin: string;
  readonly jwksUrl: string;
  /** The client the console is, with its one redirect URI and the browser origin it calls from. */
  register(client: { clientId: string; redirectUri: string }): void;
  /** Every authorization request and token request received, as their parameters. */
  readonly seen: { authorize: URLSearchParams[]; token: URLSearchParams[] };
  /** The access tokens issued. */
  readonly issued: string[];
  close(): Promise<void>;
}

interface Grant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string | null;
}

export async function startOidcTestProvider(options: { audience: string; claims: Record<string, unknown> }): Promise<OidcTestProvider> {
  const key = await signingKey('idp-1', 'ES256');
  const grants = new Map<string, Grant>();
  const seen = { authorize: [] as URLSearchParams[], token: [] as URLSearchParams[] };
  const issued: string[] = [];
  let client: { clientId: string; redirectUri: string } | null = null;
  let issuer = '';

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const allowOrigin = client ? new URL(client.redirectUri).origin : '';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'access-control-allow-origin': allowOrigin, ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': allowOrigin, 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type, accept, dpop' });
      return res.end();
    }
    const path = url.pathname.slice(new URL(issuer).pathname.length);
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') return send(200, discovery(issuer));
    if (req.method === 'GET' && path === '/jwks') return send(200, { keys: [key.jwk] });
    if (req.method === 'GET' && path === '/authorize') {
      seen.authorize.push(url.searchParams);
      const refusal = authorizeProblem(url.searchParams, client);
      if (refusal) return send(400, { error: 'invalid_request', error_description: refusal });
      const code = randomBytes(16).toString('base64url');
      const p = url.searchParams;
      grants.set(code, { clientId: p.get('client_id') ?? '', redirectUri: p.get('redirect_uri') ?? '', challenge: p.get('code_challenge') ?? '', nonce: p.get('nonce') });
      const back = new URL(p.get('redirect_uri') ?? '');
      back.search = new URLSearchParams({ code, state: p.get('state') ?? '', iss: issuer }).toString();
      res.writeHead(302, { location: back.href });
      return res.end();
    }
    if (req.method === 'POST' && path === '/token') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const params = new URLSearchParams(body);
        seen.token.push(params);
        void redeem({ params, grants, key, issuer, audience: options.audience, claims: options.claims }).then((answer) => {
          if ('error' in answer) return send(400, answer);
          issued.push(answer.access_token);
          send(200, answer);
        });
      });
      return;
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${origin}/realms/office`;
  return {
    issuer,
    origin,
    jwksUrl: `${issuer}/jwks`,
    register: (c) => {
      client = c;
    },
    seen,
    issued,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function discovery(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    id_token_signing_alg_values_supported: ['ES256'],
    subject_types_supported: ['public'],
    authorization_response_iss_parameter_supported: true,
  };
}

function authorizeProblem(p: URLSearchParams, client: { clientId: string; redirectUri: string } | null): string | null {
  if (!client || p.get('client_id') !== client.clientId) return `unknown client_id ${p.get('client_id')}`;
  if (p.get('redirect_uri') !== client.redirectUri) return `redirect_uri ${p.get('redirect_uri')} is not registered`;
  if (p.get('response_type') !== 'code') return 'expected response_type=code';
  if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return 'expected a PKCE challenge with code_challenge_method=S256';
  return null;
}

/** The token endpoint: one redemption per code, the S256 of the verifier equal to the challenge. */
async function redeem(options: { params: URLSearchParams; grants: Map<string, Grant>; key: SigningKey; issuer: string; audience: string; claims: Record<string, unknown> }): Promise<{ error: string; error_description: string } | { access_token: string; id_token: string; token_type: 'Bearer'; expires_in: number; scope: string }> {
  const { params, grants, key, issuer } = options;
  const refuse = (error_description: string) => ({ error: 'invalid_grant', error_description });
  if (params.get('grant_type') !== 'authorization_code') return { error: 'unsupported_grant_type', error_description: 'expected authorization_code' };
  const code = params.get('code') ?? '';
  const grant = grants.get(code);
  grants.delete(code);
  if (!grant) return refuse('unknown or already redeemed code');
  if (params.get('client_id') !== grant.clientId || params.get('redirect_uri') !== grant.redirectUri) return refuse('client_id or redirect_uri differ from the authorization request');
  const verifier = params.get('code_verifier') ?? '';
  if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return refuse('code_verifier does not match the code_challenge (S256)');
  const sign = (claims: Record<string, unknown>, audience: string) =>
    new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).setIssuer(issuer).setAudience(audience).setSubject(String(options.claims.sub ?? 'officer')).setIssuedAt().setExpirationTime('5m').sign(key.privateKey);
  return {
    access_token: await sign({ ...options.claims, azp: grant.clientId, scope: 'openid' }, options.audience),
    id_token: await sign({ nonce: grant.nonce ?? undefined, azp: grant.clientId }, grant.clientId),
    token_type: 'Bearer',
    expires_in: 300,
    scope: 'openid',
  };
}
