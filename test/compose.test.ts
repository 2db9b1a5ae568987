import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readConfig } from '../src/config';

/**
 * docker-compose.yml against the contract (CONTRACT.md §1 `docker compose up`, §2 environment),
 * without a Docker engine: the file is parsed, its variables interpolated as compose would, and
 * the gateway's own config parser must accept what the gateway service would receive.
 */
const ROOT = path.join(__dirname, '..');
const compose = YAML.parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

interface Service {
  image?: string;
  build?: string | { context: string };
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] | string; interval?: string; retries?: number };
  depends_on?: Record<string, { condition: string }> | string[];
}

const service = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`expected a service "${name}" in docker-compose.yml, got ${Object.keys(compose.services).join(', ')}`);
  return s;
};
const env = (name: string): Record<string, string> => service(name).environment ?? {};
const words = (value: string[] | string | undefined): string => (Array.isArray(value) ? value.join(' ') : (value ?? ''));

/** The secrets a deployment must supply; compose must refuse to start without them. */
const SECRETS = { GATEWAY_JWT_SECRET: 'j'.repeat(40), GATEWAY_PSEUDONYM_SECRET: 'p'.repeat(40), GATEWAY_AUDIT_KEY: 'a'.repeat(40), PAYMENTS_API_KEY: 'sk_live_test', MONGO_PASSWORD: 'm0ngo', POSTGRES_PASSWORD: 'pg5ql' };

/** Compose's interpolation: ${X}, ${X:-default}, ${X:?message} (throws, as compose refuses to start). */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return op === '-' ? arg : '';
  });
}
const resolved = (name: string, vars: Record<string, string> = SECRETS) => Object.fromEntries(Object.entries(env(name)).map(([k, v]) => [k, interpolate(String(v), vars)]));

describe('docker-compose.yml', () => {
  it('has the four services of CONTRACT.md §1', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['gateway', 'mongo', 'postgres', 'processor']);
  });

  it('runs MongoDB 7 and PostgreSQL 16 with health checks (mongosh ping, pg_isready)', () => {
    expect(service('mongo').image).toBe('mongo:7');
    expect(words(service('mongo').healthcheck?.test)).toMatch(/mongosh .*ping/);
    expect(service('postgres').image).toBe('postgres:16');
    expect(words(service('postgres').healthcheck?.test)).toMatch(/pg_isready/);
  });

  it('builds the processor from the repo and runs the demo processor with the env main.ts reads', () => {
    const processor = service('processor');
    expect(processor.build).toBe('.');
    expect(words(processor.command)).toBe('node dist/connectors/payments/demo/main.js');
    expect(existsSync(path.join(ROOT, compiledFrom('dist/connectors/payments/demo/main.js')))).toBe(true);
    const main = readFileSync(path.join(ROOT, 'connectors/payments/demo/main.ts'), 'utf8');
    for (const name of ['PORT', 'PAYMENTS_API_KEY', 'PROCESSOR_DATA_DIR', 'PROCESSOR_SEED_DEMO']) {
      expect(env('processor')).toHaveProperty(name);
      expect(main).toContain(name);
    }
    expect(words(processor.healthcheck?.test)).toContain(`http://127.0.0.1:${env('processor').PORT}/health`);
  });

  it('builds the gateway from the repo and runs its compiled entry point on port 4000, published', () => {
    const gateway = service('gateway');
    expect(gateway.build).toBe('.');
    expect(words(gateway.command)).toBe('node dist/src/index.js');
    expect(existsSync(path.join(ROOT, compiledFrom('dist/src/index.js')))).toBe(true);
    expect(env('gateway').NODE_ENV).toBe('production');
    expect(env('gateway').PORT).toBe('4000');
    expect(gateway.ports).toEqual(['4000:4000']);
    expect(words(gateway.healthcheck?.test)).toContain('http://127.0.0.1:4000/readyz');
  });

  it('publishes no port but the gateway: the sources are reachable on the compose network only', () => {
    for (const name of ['mongo', 'postgres', 'processor']) expect(service(name).ports).toBeUndefined();
  });

  it('starts the gateway only once the other three are healthy', () => {
    expect(service('gateway').depends_on).toEqual({ mongo: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' }, processor: { condition: 'service_healthy' } });
  });

  it('wires every variable of CONTRACT.md §2 that production needs, to the other services', () => {
    const e = resolved('gateway');
    // GATEWAY_DATA_DIR for exports; POLICY_FILE optional (empty → the shipped default).
    for (const name of ['PORT', 'GATEWAY_DATA_DIR', 'GATEWAY_JWT_SECRET', 'GATEWAY_PSEUDONYM_SECRET', 'MONGODB_URL', 'SUPPORT_DATABASE_URL', 'GATEWAY_STATE_URL', 'PAYMENTS_API_URL', 'PAYMENTS_API_KEY', 'POLICY_FILE']) {
      expect(env('gateway')).toHaveProperty(name);
    }
    expect(e.PAYMENTS_API_URL).toBe(`http://processor:${env('processor').PORT}`);
    expect(e.PAYMENTS_API_KEY).toBe(resolved('processor').PAYMENTS_API_KEY);
    const mongo = new URL(e.MONGODB_URL ?? '');
    expect([mongo.protocol, mongo.hostname, mongo.username, mongo.password]).toEqual(['mongodb:', 'mongo', env('mongo').MONGO_INITDB_ROOT_USERNAME, SECRETS.MONGO_PASSWORD]);
    const pg = new URL(e.SUPPORT_DATABASE_URL ?? '');
    const pgEnv = resolved('postgres');
    expect([pg.protocol, pg.hostname, pg.port, pg.username, pg.password, pg.pathname]).toEqual(['postgres:', 'postgres', '5432', pgEnv.POSTGRES_USER, pgEnv.POSTGRES_PASSWORD, `/${pgEnv.POSTGRES_DB}`]);
    const state = new URL(e.GATEWAY_STATE_URL ?? '');
    expect([state.protocol, state.hostname, state.port, state.password]).toEqual(['postgres:', 'postgres', '5432', pgEnv.POSTGRES_PASSWORD]);
  });

  it("gives the gateway an environment its own config accepts in production (NODE_ENV=production)", () => {
    const config = readConfig(resolved('gateway') as NodeJS.ProcessEnv);
    expect(config.production).toBe(true);
    expect(config.jwt.devSecret).toBe(false);
    expect(config.port).toBe(4000);
    expect(config.mongodbUrl).toMatch(/^mongodb:\/\/gateway:/);
    expect(config.supportDatabaseUrl).toMatch(/^postgres:\/\/helpdesk:/);
    expect(config.stateUrl).toMatch(/^postgres:\/\/helpdesk:/);
    expect(config.paymentsApiUrl).toBe('http://processor:4100');
    expect(config.policyFile).toBeNull();
  });

  it('hard-codes no secret: each must come from the environment, and compose refuses to start without it', () => {
    const text = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    for (const [serviceName, s] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (!/SECRET|PASSWORD|API_KEY|_URL$/.test(key)) continue;
        // A secret is the variable itself; a URL may only carry a password as a variable.
        if (/SECRET|PASSWORD|API_KEY/.test(key)) expect({ serviceName, key, value }).toEqual({ serviceName, key, value: expect.stringMatching(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/) });
        const userinfo = /\/\/([^@/]*)@/.exec(String(value))?.[1];
        if (userinfo?.includes(':')) expect({ serviceName, key, password: userinfo.slice(userinfo.indexOf(':') + 1) }).toEqual({ serviceName, key, password: expect.stringMatching(/^\$\{[A-Z0-9_]+:\?[^}]*\}$/) });
      }
    }
    for (const name of Object.keys(SECRETS)) {
      expect(text).toContain(`\${${name}:?`);
      const without = { ...SECRETS, [name]: '' };
      expect(() => Object.keys(compose.services).forEach((s) => resolved(s, without))).toThrow(name);
    }
  });

  it('says it needs Compose v2, and seeds no demo people unless GATEWAY_SEED_DEMO=on', () => {
    const text = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).toMatch(/Compose v2/);
    expect(compose).toHaveProperty('name');
    expect(readConfig(resolved('gateway') as NodeJS.ProcessEnv).seedDemo).toBe('off');
    expect(readConfig(resolved('gateway', { ...SECRETS, GATEWAY_SEED_DEMO: 'on' }) as NodeJS.ProcessEnv).seedDemo).toBe('on');
    expect(resolved('processor').PROCESSOR_SEED_DEMO).toBe('off');
    // Without seeding, the helpdesk's tables still exist: the database creates them (no rows) on its first start.
    const init = service('postgres').volumes?.find((v) => v.includes('/docker-entrypoint-initdb.d/'));
    const schemaFile = path.join(ROOT, init?.split(':')[0] ?? 'none');
    expect(readFileSync(schemaFile, 'utf8')).toMatch(/CREATE TABLE IF NOT EXISTS tickets/);
    expect(readFileSync(schemaFile, 'utf8')).not.toMatch(/INSERT/i);
  });

  it('keeps data in named volumes that survive `docker compose down`', () => {
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(['gateway-data', 'mongo-data', 'postgres-data', 'processor-data']);
    expect(service('gateway').volumes).toEqual([`gateway-data:${env('gateway').GATEWAY_DATA_DIR}`]);
    expect(service('processor').volumes).toEqual([`processor-data:${env('processor').PROCESSOR_DATA_DIR}`]);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds in stages on Node 24 LTS: compiles with the dev dependencies, runs with the runtime ones only', () => {
    expect(stages.map((s) => s.split('\n')[0])).toEqual(['node:26-bookworm-slim AS build', 'node:26-bookworm-slim AS deps', 'node:26-bookworm-slim']);
    expect(stages[0]).toMatch(/^RUN npm ci --no-audit/m);
    expect(stages[0]).toMatch(/^RUN npm run build$/m);
    expect(stages[1]).toMatch(/^RUN npm ci --omit=dev/m);
    expect(runtime).toMatch(/^COPY --from=deps \/app\/node_modules \.\/node_modules$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).not.toMatch(/^COPY (src|test|bench) /m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/src\/index\.js"\]$/m);
  });

  it('puts the SDL, the policy and the declarations where the compiled code looks for them', () => {
    // dist/src/<dir>/x.js looks two levels up, as src/<dir>/x.ts does from the repo root.
    for (const dir of ['schema', 'policy', 'sources']) {
      expect(runtime).toMatch(new RegExp(`^COPY ${dir} \\./dist/${dir}$`, 'm'));
      expect(existsSync(path.join(ROOT, dir))).toBe(true);
    }
    for (const dir of ['src', 'connectors', 'scripts']) expect(stages[0]).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
    const build = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(build.include).toEqual(expect.arrayContaining(['src', 'connectors']));
  });

  it('has a HEALTHCHECK on /readyz', () => {
    expect(runtime).toMatch(/^HEALTHCHECK .*\\\n\s+CMD \["node", "-e", ".*\/readyz/m);
  });

  it('keeps data, secrets, dependencies and git out of the build context (.dockerignore)', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', '.data', '.env', '.env.*']));
    for (const copied of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) for (const source of copied[1]?.split(' ') ?? []) expect(ignored).not.toContain(source);
  });
});

/** The TypeScript file a compiled path comes from (tsconfig: rootDir ".", outDir "dist"). */
function compiledFrom(file: string): string {
  return file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}
