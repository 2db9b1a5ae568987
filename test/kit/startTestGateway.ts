import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config';
import { readConfig } from '../../src/config';
import type { Gateway, GatewayOverrides } from '../../src/createGateway';
import { createGateway } from '../../src/createGateway';
import { signToken } from '../../src/auth/signToken';
import { copyPgliteTemplate, copyStateTemplate } from './pgliteTemplate';

export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-characters!';

export interface GraphQLResult {
  status: number;
  body: { data?: Record<string, any> | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }> };
  headers: Headers;
}

export interface TestGateway {
  readonly url: string;
  readonly gateway: Gateway;
  readonly dataDir: string;
  token(roles: readonly string[], sub?: string): Promise<string>;
  /** POST /graphql as a caller with `roles` declaring `purpose`. */
  query(query: string, options: { roles: readonly string[]; purpose: string; variables?: Record<string, unknown>; headers?: Record<string, string> }): Promise<GraphQLResult>;
  /** Stop the gateway, keeping the data dir (for restart tests). */
  stop(): Promise<void>;
  /** Stop and delete the data dir. */
  close(): Promise<void>;
}

/** A real gateway on a free port over the embedded stack, seeded into a fresh temp data dir. */
export async function startTestGateway(options: { env?: Record<string, string>; dataDir?: string; overrides?: GatewayOverrides } = {}): Promise<TestGateway> {
  let dataDir = options.dataDir;
  if (!dataDir) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
    copyPgliteTemplate(path.join(dataDir, 'support'));
    copyStateTemplate(path.join(dataDir, 'state'));
  }
  const config: Config = readConfig({ NODE_ENV: 'test', GATEWAY_JWT_SECRET: TEST_SECRET, GATEWAY_DATA_DIR: dataDir, SEED_SUBJECTS: '120', LOG_LEVEL: 'silent', SOURCE_TIMEOUT_MS: '1500', ...options.env });
  const gateway = await createGateway(config, options.overrides);
  const base = await gateway.server.listen(0, '127.0.0.1');
  const url = base.replace('localhost', '127.0.0.1');
  const token = (roles: readonly string[], sub = 'test-client') => signToken({ secret: TEST_SECRET, sub, roles });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await gateway.close();
  };
  return {
    url,
    gateway,
    dataDir,
    token,
    query: async (query, q) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(q.roles)}`, 'x-purpose': q.purpose, ...q.headers },
        body: JSON.stringify({ query, variables: q.variables ?? {} }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResult['body'], headers: res.headers };
    },
    stop,
    close: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const OFFICER = { roles: ['privacy_officer'], purpose: 'dsr_handling' } as const;

/** The error codes of a response, in order. */
export const codes = (result: GraphQLResult): string[] => (result.body.errors ?? []).map((e) => String(e.extensions?.code));
