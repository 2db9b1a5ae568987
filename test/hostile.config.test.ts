import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTokenVerifier } from '../src/auth/createTokenVerifier';
import { signToken } from '../src/auth/signToken';
import { ConfigError, DEV_JWT_SECRET, readConfig } from '../src/config';
import { createTokenForge, validClaims } from './kit/hostileTokens';

/** Hostile deployments: the development defaults must never open a production gateway. */
describe('a production gateway never trusts a development default', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-hostile-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const production = { NODE_ENV: 'production', GATEWAY_PSEUDONYM_SECRET: 'p'.repeat(40), GATEWAY_AUDIT_KEY: 'a'.repeat(40) };

  it('with only a JWKS file, refuses an HS256 token signed with the published development secret, and accepts RS256', async () => {
    const forge = await createTokenForge(dir);
    const config = readConfig({ ...production, GATEWAY_JWKS_FILE: forge.jwksFile });
    expect(config.jwt.devSecret).toBe(false);
    expect(config.jwt.secret).not.toBe(DEV_JWT_SECRET);
    const verify = createTokenVerifier(config.jwt);
    const forged = await signToken({ secret: DEV_JWT_SECRET, sub: 'attacker', roles: ['privacy_officer'] });
    await expect(verify(`Bearer ${forged}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verify(`Bearer ${await forge.rs256(validClaims())}`)).resolves.toEqual({ client: 'attacker', roles: ['privacy_officer'] });
  });

  it.each([
    ['no JWT secret and no JWKS file', { GATEWAY_PSEUDONYM_SECRET: 'p'.repeat(40) }, 'GATEWAY_JWT_SECRET'],
    ['a JWT secret shorter than 32 characters', { ...production, GATEWAY_JWT_SECRET: 'short' }, 'GATEWAY_JWT_SECRET'],
    ['no pseudonym secret', { GATEWAY_JWT_SECRET: 's'.repeat(40) }, 'GATEWAY_PSEUDONYM_SECRET'],
    ['no audit key', { GATEWAY_JWT_SECRET: 's'.repeat(40), GATEWAY_PSEUDONYM_SECRET: 'p'.repeat(40) }, 'GATEWAY_AUDIT_KEY'],
    ['an audit key shorter than 32 characters', { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), GATEWAY_AUDIT_KEY: 'short' }, 'GATEWAY_AUDIT_KEY'],
    ['a token lifetime that is not a duration', { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), GATEWAY_JWT_MAX_TTL: 'forever' }, 'GATEWAY_JWT_MAX_TTL'],
    ['a processor URL without its API key', { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), PAYMENTS_API_URL: 'http://processor:4100' }, 'PAYMENTS_API_KEY'],
    ['a console identity provider without its client id', { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), GATEWAY_OIDC_ISSUER: 'https://idp.example.com/realms/office' }, 'GATEWAY_OIDC_CLIENT_ID'],
    ['a console identity provider that is not an http(s) URL', { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), GATEWAY_OIDC_ISSUER: 'idp.example.com', GATEWAY_OIDC_CLIENT_ID: 'console' }, 'GATEWAY_OIDC_ISSUER'],
    ['a per-address burst of 0', { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), GATEWAY_ADDRESS_RATE_BURST: '0' }, 'GATEWAY_ADDRESS_RATE_BURST'],
    ['a per-address rate that is not a number', { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), GATEWAY_ADDRESS_RATE_PER_MINUTE: 'lots' }, 'GATEWAY_ADDRESS_RATE_PER_MINUTE'],
    ['a statistics timeout that is not a number', { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), STATISTICS_TIMEOUT_MS: '30s' }, 'STATISTICS_TIMEOUT_MS'],
  ])('refuses to start with %s', (_name, env, variable) => {
    expect(() => readConfig({ NODE_ENV: 'production', ...env })).toThrow(ConfigError);
    expect(() => readConfig({ NODE_ENV: 'production', ...env })).toThrow(new RegExp(`^${variable}:`));
  });

  it('limits each address before verification by default, generously, and a rate of 0 turns it off; a scan has 30 s', () => {
    const env = { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40) };
    expect(readConfig(env)).toMatchObject({ addressRateLimit: { burst: 1000, perMinute: 60_000 }, statisticsTimeoutMs: 30_000 });
    expect(readConfig({ ...env, GATEWAY_ADDRESS_RATE_PER_MINUTE: '0' }).addressRateLimit).toBeNull();
  });

  it('refuses a state URL that is not PostgreSQL, without echoing what the URL holds', () => {
    const env = { ...production, GATEWAY_JWT_SECRET: 's'.repeat(40), GATEWAY_STATE_URL: 'mongodb://gateway:hunter2hunter2@mongo:27017/' };
    expect(() => readConfig(env)).toThrow(/^GATEWAY_STATE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL, got "mongodb:…"$/);
    expect(readConfig({ ...env, GATEWAY_STATE_URL: 'postgres://gateway:pw@db:5432/state' }).stateUrl).toBe('postgres://gateway:pw@db:5432/state');
  });
});
