import { VERIFIED_TOKENS, createTokenVerifier } from '../src/auth/createTokenVerifier';
import { signToken } from '../src/auth/signToken';
import { VerifiedTokens } from '../src/auth/VerifiedTokens';
import { readConfig } from '../src/config';

const SECRET = 's'.repeat(40);
const caller = (client: string) => ({ client, roles: ['support_agent'] });

describe('verified tokens are remembered, never past their expiry', () => {
  it('forgets an entry at its token\'s expiry, or maxAge after it was stored, whichever is first', () => {
    const tokens = new VerifiedTokens({ max: 10, maxAgeMs: 60_000 });
    tokens.set('short', caller('a'), 1_000 + 5_000, 1_000);
    tokens.set('long', caller('b'), 1_000 + 3_600_000, 1_000);
    expect(tokens.get('short', 5_999)).toEqual(caller('a'));
    expect(tokens.get('short', 6_000)).toBeNull();
    expect(tokens.get('long', 60_999)).toEqual(caller('b'));
    expect(tokens.get('long', 61_000)).toBeNull();
    tokens.set('expired', caller('c'), 1_000, 1_000);
    expect(tokens.get('expired', 1_000)).toBeNull();
    expect(tokens.size).toBe(0);
  });

  it('holds at most `max` entries, dropping the least recently used', () => {
    const tokens = new VerifiedTokens({ max: 2, maxAgeMs: 60_000 });
    tokens.set('a', caller('a'), 100_000, 0);
    tokens.set('b', caller('b'), 100_000, 0);
    expect(tokens.get('a', 1)).toEqual(caller('a'));
    tokens.set('c', caller('c'), 100_000, 1);
    expect([tokens.get('a', 2), tokens.get('b', 2), tokens.get('c', 2)]).toEqual([caller('a'), null, caller('c')]);
    expect(tokens.size).toBe(2);
  });

  it('hands out a caller nobody can change for the next request', () => {
    const tokens = new VerifiedTokens({ max: 2, maxAgeMs: 60_000 });
    tokens.set('a', caller('a'), 100_000, 0);
    const got = tokens.get('a', 1) as unknown as { roles: string[] };
    expect(() => got.roles.push('privacy_officer')).toThrow(TypeError);
    expect(tokens.get('a', 2)).toEqual(caller('a'));
  });
});

describe('the token verifier with its memory of verified HS256 tokens', () => {
  const config = readConfig({ GATEWAY_JWT_SECRET: SECRET });
  const start = Date.now();
  let now = start;
  const verify = createTokenVerifier(config.jwt, () => now);

  it('accepts a token again until it expires, and refuses it once its expiry (and the clock tolerance) has passed', async () => {
    now = start;
    const token = await signToken({ secret: SECRET, sub: 'svc', roles: ['support_agent'], ttl: '50s' });
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ client: 'svc', roles: ['support_agent'] });
    now = start + 40_000;
    await expect(verify(`Bearer ${token}`)).resolves.toEqual({ client: 'svc', roles: ['support_agent'] });
    now = start + 50_000 + 31_000;
    await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a token whose signature was changed, though its claims match one it remembers', async () => {
    now = start;
    const token = await signToken({ secret: SECRET, sub: 'svc2', roles: ['support_agent'] });
    await verify(`Bearer ${token}`);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verify(`Bearer ${header}.${payload}.${flipped}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verify(`Bearer ${header}.${payload}.`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('verifies a token again after maxAge: one signed with a secret no longer in use stops working', async () => {
    now = start;
    const token = await signToken({ secret: SECRET, sub: 'svc3', roles: ['support_agent'] });
    await verify(`Bearer ${token}`);
    // The same token in front of a verifier with another secret (the key was rotated away) is
    // refused at once by that verifier, and by this one's memory only until maxAge.
    const rotated = createTokenVerifier(readConfig({ GATEWAY_JWT_SECRET: 'r'.repeat(40) }).jwt, () => now);
    await expect(rotated(`Bearer ${token}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    now = start + VERIFIED_TOKENS.maxAgeMs - 1;
    await expect(verify(`Bearer ${token}`)).resolves.toMatchObject({ client: 'svc3' });
  });
});
