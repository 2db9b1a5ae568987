import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK, KeyLike } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: KeyLike;
  readonly jwk: JWK;
}

export async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** An identity provider's JWKS endpoint on a free port: `publish` replaces the keys it serves (a rotation); `fetches` counts requests. */
export async function startJwksServer(keys: readonly SigningKey[]): Promise<{ url: string; publish(keys: readonly SigningKey[]): void; fetches(): number; close(): Promise<void> }> {
  let served = keys;
  let fetches = 0;
  const server = http.createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: served.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/shop/protocol/openid-connect/certs`,
    publish: (next) => {
      served = next;
    },
    fetches: () => fetches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A token as the identity provider would issue it. */
export function issue(key: SigningKey, claims: Record<string, unknown>, options: { issuer: string; audience: string; ttl?: string }): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).setSubject(String(claims.azp ?? 'idp-client')).setIssuer(options.issuer).setAudience(options.audience).setIssuedAt().setExpirationTime(options.ttl ?? '5m').sign(key.privateKey);
}
