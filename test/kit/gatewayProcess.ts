import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { signToken } from '../../src/auth/signToken';
import { copyPgliteTemplate, copyStateTemplate } from './pgliteTemplate';
import type { GraphQLResult } from './startTestGateway';
import { TEST_SECRET } from './startTestGateway';

const ROOT = path.join(__dirname, '..', '..');

/** A port free right now on loopback (the gateway prints its URL, but a fixed port lets a restart keep it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('expected a TCP address'))));
    });
  });
}

/** Whether any process of the group still exists (a zombie no init reaped counts as gone after a while: the wait is bounded). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A data dir's first start gets globalSetup's initialised PGlite dirs for the embedded helpdesk
 * and state (initdb in the child would cost it seconds); a restart finds its own and keeps them.
 */
function copyTemplatesInto(dataDir: string, env: NodeJS.ProcessEnv): void {
  const support = path.join(dataDir, 'support');
  const state = path.join(dataDir, 'state');
  if (!env.SUPPORT_DATABASE_URL && !existsSync(support)) copyPgliteTemplate(support);
  if (!env.GATEWAY_STATE_URL && !existsSync(state)) copyStateTemplate(state);
}

export interface GatewayProcess {
  readonly url: string;
  readonly pid: number;
  /** POST /graphql as a caller with `roles` declaring `purpose`. */
  query(query: string, options: { roles: readonly string[]; purpose: string; variables?: Record<string, unknown> }): Promise<GraphQLResult>;
  /**
   * Sends `signal` to the whole process group (`tsx` runs the gateway in a child node process,
   * so signalling the tsx process alone would leave the gateway running) and waits for the exit.
   */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything the process wrote to stdout and stderr so far (for a failing test's message). */
  output(): string;
}

/**
 * The gateway as `npm start` runs it (`tsx src/index.ts`), as a child process of the test, in
 * its own process group, on `port`, over `dataDir`. Resolves once GET /healthz answers.
 */
export async function startGatewayProcess(options: { dataDir: string; port: number; env?: Record<string, string>; readyTimeoutMs?: number }): Promise<GatewayProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: 'development',
    PORT: String(options.port),
    GATEWAY_DATA_DIR: options.dataDir,
    GATEWAY_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  copyTemplatesInto(options.dataDir, env);
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/index.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let alive = true;
  void exited.then(() => (alive = false));
  const url = `http://127.0.0.1:${options.port}`;
  const pid = child.pid;
  if (pid === undefined) throw new Error('expected the gateway process to start, got no pid');

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (!alive) throw new Error(`expected the gateway to start, it exited:\n${output}`);
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      killGroup('SIGKILL');
      throw new Error(`expected /healthz within ${options.readyTimeoutMs ?? 60_000} ms, got nothing:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    pid,
    query: async (query, q) => {
      const token = await signToken({ secret: TEST_SECRET, sub: 'crash-test', roles: q.roles });
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': q.purpose },
        body: JSON.stringify({ query, variables: q.variables ?? {} }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResult['body'], headers: res.headers };
    },
    kill: async (signal) => {
      if (alive) killGroup(signal);
      const result = await exited;
      // The group may outlive its leader for a moment (tsx's child, still closing its stores):
      // wait until nothing of it is left, so a restart never shares the data dir with it.
      for (let i = 0; i < 100 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
      return result;
    },
    output: () => output,
  };
}
