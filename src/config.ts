import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { RetrySettings } from './dsr/RetrySettings';
import type { RateLimit } from './policy/Policy';

/** Everything the gateway reads from its environment (CONTRACT.md §2), parsed once at start-up. */
export interface Config {
  readonly port: number;
  /** `HOST`: the address the HTTP server binds (loopback unless told otherwise). */
  readonly host: string;
  readonly production: boolean;
  readonly dataDir: string;
  readonly jwt: {
    readonly secret: string;
    /** True when no secret was configured and the dev secret is in use (printed as a warning). */
    readonly devSecret: boolean;
    /** RS256 public keys (a JWKS file) for production callers; optional. */
    readonly jwksFile: string | null;
    /** GATEWAY_JWKS_URL: the identity provider's JWKS endpoint (RS256/ES256, rotated without a restart). */
    readonly jwksUrl: string | null;
    /** GATEWAY_JWKS_COOLDOWN_MS: least time between two fetches of the key set (default 30000, jose's). */
    readonly jwksCooldownMs: number;
    /** GATEWAY_ROLES_CLAIM: the dotted path of the roles in a token (default `roles`; Keycloak: `realm_access.roles`). */
    readonly rolesClaim: string;
    readonly issuer: string | null;
    readonly audience: string | null;
    /** `GATEWAY_JWT_MAX_TTL`: the longest token lifetime accepted, in seconds. */
    readonly maxTtlSeconds: number;
  };
  /** Keys the audit chain and signs its checkpoints (`GATEWAY_AUDIT_KEY`; derived in development). */
  readonly audit: { readonly key: string; readonly derivedKey: boolean };
  /** Keys the pseudonyms and identity hashes; separate from the JWT secret so rotating one leaves the other. */
  readonly pseudonymSecret: string;
  readonly mongodbUrl: string | null;
  /** `GATEWAY_STATE_URL`: the PostgreSQL server of the gateway's own state; null for PGlite under `dataDir`/state. */
  readonly stateUrl: string | null;
  readonly supportDatabaseUrl: string | null;
  readonly paymentsApiUrl: string | null;
  /** `PAYMENTS_API_KEY`; unset in development, a random per-process key for the embedded processor. */
  readonly paymentsApiKey: string;
  readonly policyFile: string | null;
  /** The environment this was read from: declarations expand their `${VAR}`s against the same one. */
  readonly env: Readonly<NodeJS.ProcessEnv>;
  /** GATEWAY_SOURCES_FILE: the declared systems (CONTRACT.md §7), one file or a comma-separated list. */
  readonly sourcesFile: string;
  readonly seedSubjects: number;
  /** How long an export file stays downloadable before it is deleted. */
  readonly exportRetentionHours: number;
  /** auto: seed the demo into a fresh embedded data dir; on: seed once into empty sources (compose); off: never. */
  readonly seedDemo: 'auto' | 'on' | 'off';
  readonly sourceTimeoutMs: number;
  /**
   * STATISTICS_TIMEOUT_MS: how long one `aggregate` may scan its source. Not SOURCE_TIMEOUT_MS:
   * that bounds one indexed read, while a scan reads a whole collection page by page.
   */
  readonly statisticsTimeoutMs: number;
  /**
   * GATEWAY_ADDRESS_RATE_BURST, GATEWAY_ADDRESS_RATE_PER_MINUTE: the bucket each remote address
   * draws from before its token is verified, so forged tokens cost no verification once it is dry;
   * null (per minute 0): off. Generous, because behind a proxy every caller shares its address.
   */
  readonly addressRateLimit: RateLimit | null;
  /**
   * GATEWAY_SQL_POOL_MAX: connections of each pool the gateway opens to a PostgreSQL or MySQL
   * server (the state's, each SQL source's). Instances × pools × this must fit the server's
   * max_connections.
   */
  readonly sqlPoolMax: number;
  /** How long an open circuit keeps a failing source uncalled before one trial call (SOURCE_BREAKER_HALF_OPEN_MS). */
  readonly sourceBreakerHalfOpenMs: number;
  /** How the DSR worker waits out a transient source failure (DSR_RETRY_INITIAL_MS, DSR_RETRY_MAX_MS, DSR_GIVE_UP_BEFORE_DUE_MS). */
  readonly dsrRetry: RetrySettings;
  /**
   * DSR_LEASE_MS: how long a worker holds a claimed request before another instance may take it
   * over; what a killed instance's requests wait. Longer than one wave's slowest step, or two
   * instances work on one request.
   */
  readonly dsrLeaseMs: number;
  readonly explorer: boolean;
  /**
   * GATEWAY_OIDC_ISSUER, GATEWAY_OIDC_CLIENT_ID, GATEWAY_OIDC_SCOPE: the identity provider the
   * console signs officers in with (authorization code + PKCE, a public client); null: pasted tokens only.
   */
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scope: string } | null;
  readonly callbackAllowlist: readonly string[];
  /** GATEWAY_METRICS_OPERATIONS: operation names `/metrics` labels as themselves, besides the explorer's. */
  readonly metricsOperations: readonly string[];
  /** RETENTION_INTERVAL: how often the retention clock runs (CONTRACT.md §4.1). */
  readonly retentionIntervalMs: number;
  /** CORS_ORIGINS: browser origins allowed to call the gateway (exact `scheme://host[:port]`); none by default. */
  readonly corsOrigins: readonly string[];
  readonly logLevel: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: where traces go over OTLP/HTTP (`<endpoint>/v1/traces`); null: tracing off. */
  readonly otlpEndpoint: string | null;
  /** OTEL_SERVICE_NAME: the traces' service name (default privacy-gateway). */
  readonly serviceName: string;
}

/** The demo's declarations, shipped (CONTRACT.md §2). */
export const DEFAULT_SOURCES_FILE = path.join(__dirname, '..', 'sources', 'demo.yaml');

export const DEV_JWT_SECRET = 'privacy-gateway-dev-secret-do-not-use-in-production';
const DEV_PSEUDONYM_SECRET = 'privacy-gateway-dev-pseudonym-key';
/** CONTRACT.md §2: `GATEWAY_JWT_MAX_TTL` defaults to 24h. */
export const DEFAULT_JWT_MAX_TTL_SECONDS = 24 * 3600;

export class ConfigError extends Error {
  constructor(variable: string, expected: string, got: string | undefined) {
    super(`${variable}: expected ${expected}, got ${got === undefined ? 'nothing' : JSON.stringify(got)}`);
    this.name = 'ConfigError';
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, range: { min: number; max: number }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < range.min || n > range.max) throw new ConfigError(name, `an integer from ${range.min} to ${range.max}`, raw);
  return n;
}

const text = (env: NodeJS.ProcessEnv, name: string): string | null => (env[name] && env[name] !== '' ? (env[name] as string) : null);

/** Only the scheme is echoed when refused: the rest of a database URL may hold a password. */
function postgresUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const url = text(env, name);
  if (url !== null && !/^postgres(ql)?:\/\//i.test(url)) throw new ConfigError(name, 'a postgres:// or postgresql:// URL', `${/^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? 'no scheme'}:…`);
  return url;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
const MAX_DURATION_SECONDS = 30 * 86_400;

/** `90s`, `15m`, `1h`, `7d` (or plain seconds) → seconds, from one second to 30 days. */
function duration(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const m = /^(\d{1,7})([smhd]?)$/.exec(raw.trim());
  const seconds = m ? Number(m[1]) * (DURATION_UNITS[m[2] || 's'] ?? 1) : 0;
  if (seconds < 1 || seconds > MAX_DURATION_SECONDS) throw new ConfigError(name, 'a duration from 1s to 30d, such as 900s, 15m, 1h or 7d', raw);
  return seconds;
}

function seedMode(raw: string | undefined): Config['seedDemo'] {
  if (raw === undefined || raw === '') return 'auto';
  if (raw === 'auto' || raw === 'on' || raw === 'off') return raw;
  throw new ConfigError('GATEWAY_SEED_DEMO', 'auto, on or off', raw);
}

function httpUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const url = text(env, name);
  if (url !== null && !URL.canParse(url)) throw new ConfigError(name, 'an http:// or https:// URL', url);
  if (url !== null && !/^https?:$/.test(new URL(url).protocol)) throw new ConfigError(name, 'an http:// or https:// URL', url);
  return url;
}

function rolesClaim(raw: string | null): string {
  if (raw === null) return 'roles';
  if (!/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/.test(raw)) throw new ConfigError('GATEWAY_ROLES_CLAIM', 'a dotted claim path like realm_access.roles', raw);
  return raw;
}

/** The per-address bucket before verification; a rate of 0 turns it off. */
function addressRateLimit(env: NodeJS.ProcessEnv): RateLimit | null {
  const perMinute = int(env, 'GATEWAY_ADDRESS_RATE_PER_MINUTE', 60_000, { min: 0, max: 100_000_000 });
  const burst = int(env, 'GATEWAY_ADDRESS_RATE_BURST', 1000, { min: 1, max: 100_000_000 });
  return perMinute === 0 ? null : { burst, perMinute };
}

/** Exact origins only: a wildcard would hand personal data to any site a caller's browser visits. */
function corsOrigins(raw: string | null): string[] {
  const origins = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = null;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) throw new ConfigError('CORS_ORIGINS', 'comma-separated origins like https://app.example.com (scheme, host, optional port; no path, no *)', origin);
  }
  return origins;
}

/** The console's identity provider: an issuer needs the client id registered there for /console. */
function oidc(env: NodeJS.ProcessEnv): Config['oidc'] {
  const issuer = httpUrl(env, 'GATEWAY_OIDC_ISSUER');
  const clientId = text(env, 'GATEWAY_OIDC_CLIENT_ID');
  if (issuer === null) return null;
  if (clientId === null) throw new ConfigError('GATEWAY_OIDC_CLIENT_ID', 'the client id registered at GATEWAY_OIDC_ISSUER for the console (redirect URI <gateway>/console)', undefined);
  return { issuer, clientId, scope: text(env, 'GATEWAY_OIDC_SCOPE') ?? 'openid' };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const secret = text(env, 'GATEWAY_JWT_SECRET');
  if (production && !secret && !text(env, 'GATEWAY_JWKS_FILE') && !text(env, 'GATEWAY_JWKS_URL')) throw new ConfigError('GATEWAY_JWT_SECRET', 'a secret of at least 32 characters when NODE_ENV=production', undefined);
  if (secret && secret.length < 32) throw new ConfigError('GATEWAY_JWT_SECRET', 'at least 32 characters', `${secret.length} characters`);
  const pseudonymSecret = text(env, 'GATEWAY_PSEUDONYM_SECRET');
  if (production && !pseudonymSecret) throw new ConfigError('GATEWAY_PSEUDONYM_SECRET', 'a secret when NODE_ENV=production', undefined);
  if (production && text(env, 'PAYMENTS_API_URL') && !text(env, 'PAYMENTS_API_KEY')) throw new ConfigError('PAYMENTS_API_KEY', 'the processor API key when NODE_ENV=production', undefined);
  const auditKey = text(env, 'GATEWAY_AUDIT_KEY');
  if (production && !auditKey) throw new ConfigError('GATEWAY_AUDIT_KEY', 'a secret of at least 32 characters when NODE_ENV=production (it keys the audit chain)', undefined);
  if (auditKey && auditKey.length < 32) throw new ConfigError('GATEWAY_AUDIT_KEY', 'at least 32 characters', `${auditKey.length} characters`);
  return {
    port: int(env, 'PORT', 4000, { min: 0, max: 65535 }),
    host: text(env, 'HOST') ?? '127.0.0.1',
    production,
    dataDir: path.resolve(text(env, 'GATEWAY_DATA_DIR') ?? './.data'),
    jwt: {
      // In production without a secret (JWKS only) HS256 must not fall back to the published dev
      // secret, or anyone could sign tokens: an unguessable per-process key verifies no HS256 token.
      secret: secret ?? (production ? randomBytes(32).toString('hex') : DEV_JWT_SECRET),
      devSecret: !secret && !production,
      jwksFile: text(env, 'GATEWAY_JWKS_FILE'),
      jwksUrl: httpUrl(env, 'GATEWAY_JWKS_URL'),
      jwksCooldownMs: int(env, 'GATEWAY_JWKS_COOLDOWN_MS', 30_000, { min: 0, max: 3_600_000 }),
      rolesClaim: rolesClaim(text(env, 'GATEWAY_ROLES_CLAIM')),
      issuer: text(env, 'GATEWAY_JWT_ISSUER'),
      audience: text(env, 'GATEWAY_JWT_AUDIENCE'),
      maxTtlSeconds: duration(env, 'GATEWAY_JWT_MAX_TTL', DEFAULT_JWT_MAX_TTL_SECONDS),
    },
    // Development only: derived from the pseudonym secret (domain-separated), so a dev chain stays
    // verifiable across restarts; start-up logs that the key is derived.
    audit: { key: auditKey ?? createHmac('sha256', pseudonymSecret ?? DEV_PSEUDONYM_SECRET).update('audit-chain').digest('hex'), derivedKey: !auditKey },
    pseudonymSecret: pseudonymSecret ?? DEV_PSEUDONYM_SECRET,
    mongodbUrl: text(env, 'MONGODB_URL'),
    stateUrl: postgresUrl(env, 'GATEWAY_STATE_URL'),
    supportDatabaseUrl: text(env, 'SUPPORT_DATABASE_URL'),
    paymentsApiUrl: text(env, 'PAYMENTS_API_URL'),
    // No published key: the embedded demo processor (loopback only) gets one nobody else knows.
    paymentsApiKey: text(env, 'PAYMENTS_API_KEY') ?? `sk_embedded_${randomBytes(24).toString('hex')}`,
    env,
    policyFile: text(env, 'POLICY_FILE'),
    sourcesFile: text(env, 'GATEWAY_SOURCES_FILE') ?? DEFAULT_SOURCES_FILE,
    seedSubjects: int(env, 'SEED_SUBJECTS', 1000, { min: 0, max: 1_000_000 }),
    seedDemo: seedMode(env.GATEWAY_SEED_DEMO),
    exportRetentionHours: int(env, 'EXPORT_RETENTION_HOURS', 168, { min: 1, max: 24 * 366 }),
    sourceTimeoutMs: int(env, 'SOURCE_TIMEOUT_MS', 2000, { min: 10, max: 120_000 }),
    statisticsTimeoutMs: int(env, 'STATISTICS_TIMEOUT_MS', 30_000, { min: 10, max: 3_600_000 }),
    addressRateLimit: addressRateLimit(env),
    sqlPoolMax: int(env, 'GATEWAY_SQL_POOL_MAX', 10, { min: 1, max: 1000 }),
    sourceBreakerHalfOpenMs: int(env, 'SOURCE_BREAKER_HALF_OPEN_MS', 5000, { min: 10, max: 600_000 }),
    dsrRetry: {
      initialMs: int(env, 'DSR_RETRY_INITIAL_MS', 1000, { min: 1, max: 3_600_000 }),
      maxMs: int(env, 'DSR_RETRY_MAX_MS', 900_000, { min: 1, max: 86_400_000 }),
      giveUpBeforeDueMs: int(env, 'DSR_GIVE_UP_BEFORE_DUE_MS', 86_400_000, { min: 0, max: 30 * 86_400_000 }),
    },
    dsrLeaseMs: int(env, 'DSR_LEASE_MS', 30_000, { min: 1000, max: 3_600_000 }),
    explorer: env.GATEWAY_EXPLORER !== 'off',
    oidc: oidc(env),
    callbackAllowlist: (text(env, 'CALLBACK_ALLOWLIST') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    metricsOperations: (text(env, 'GATEWAY_METRICS_OPERATIONS') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    retentionIntervalMs: duration(env, 'RETENTION_INTERVAL', 3600) * 1000,
    corsOrigins: corsOrigins(text(env, 'CORS_ORIGINS')),
    otlpEndpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT'),
    serviceName: text(env, 'OTEL_SERVICE_NAME') ?? 'privacy-gateway',
    logLevel: text(env, 'LOG_LEVEL') ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
  };
}
