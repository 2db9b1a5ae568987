import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyLike } from 'jose';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { TEST_SECRET } from './startTestGateway';

/**
 * Forged and malformed caller tokens. The gateway under attack trusts HS256 with TEST_SECRET and
 * RS256 with the public key of `gateway` (written as a JWKS file); everything else here is what
 * an attacker can make: their own keys, no signature, the wrong algorithm, broken claims.
 */
export interface TokenForge {
  /** The JWKS file the gateway is started with (GATEWAY_JWKS_FILE). */
  readonly jwksFile: string;
  /** The gateway's RS256 public key as PEM: what an HS/RS confusion attack signs with. */
  readonly publicPem: string;
  /** A correctly signed HS256 token (TEST_SECRET) with exactly these claims: no defaults added. */
  hs256(claims: Record<string, unknown>): string;
  /** `header.payload.signature`, each part given: base64url of JSON for the first two. */
  compose(header: Record<string, unknown>, claims: Record<string, unknown>, signature: (signingInput: string) => string): string;
  /** A token signed with the gateway's own RS256 key (to show the RS256 path is live). */
  rs256(claims: Record<string, unknown>): Promise<string>;
  /** Signed with a key the attacker made (`alg` RS256 or ES256), optionally embedding its public JWK. */
  attacker(alg: 'RS256' | 'ES256', claims: Record<string, unknown>, options?: { embedJwk?: boolean; kid?: string }): Promise<string>;
  /** HS512 with the right secret: the right key, an algorithm the gateway does not accept. */
  hs512(claims: Record<string, unknown>): Promise<string>;
}

export const KID = 'gateway-rs256';
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
export const hmac = (secret: string | Buffer, input: string, algorithm = 'sha256'): string => createHmac(algorithm, secret).update(input).digest('base64url');

/** Claims of a caller that would pass if the token were trusted. */
export const validClaims = (roles: unknown = ['privacy_officer'], extra: Record<string, unknown> = {}): Record<string, unknown> => {
  const now = Math.floor(Date.now() / 1000);
  return { sub: 'attacker', roles, iat: now, exp: now + 3600, ...extra };
};

export async function createTokenForge(dir: string): Promise<TokenForge> {
  const gateway = await generateKeyPair('RS256', { extractable: true });
  const jwksFile = path.join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(gateway.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] }));
  const publicPem = await exportSPKI(gateway.publicKey);
  const compose: TokenForge['compose'] = (header, claims, signature) => {
    const input = `${b64(header)}.${b64(claims)}`;
    return `${input}.${signature(input)}`;
  };
  const signWith = (alg: string, key: KeyLike | Uint8Array, claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', ...header }).sign(key);
  return {
    jwksFile,
    publicPem,
    hs256: (claims) => compose({ alg: 'HS256', typ: 'JWT' }, claims, (input) => hmac(TEST_SECRET, input)),
    compose,
    rs256: (claims) => signWith('RS256', gateway.privateKey, claims, { kid: KID }),
    attacker: async (alg, claims, options = {}) => {
      const own = await generateKeyPair(alg, { extractable: true });
      const header: Record<string, unknown> = { kid: options.kid ?? 'attacker' };
      if (options.embedJwk) header.jwk = await exportJWK(own.publicKey);
      return signWith(alg, own.privateKey, claims, header);
    },
    hs512: (claims) => signWith('HS512', new TextEncoder().encode(TEST_SECRET), claims),
  };
}
