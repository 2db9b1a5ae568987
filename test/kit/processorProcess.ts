import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEMO_PROCESSOR_KEY } from './processorHoldings';

const ROOT = path.join(__dirname, '..', '..');

export interface ProcessorProcess {
  readonly url: string;
  /** SIGTERM (a clean stop, the datafiles compacted) or SIGKILL; waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  output(): string;
}

/**
 * The demo payment processor as `npm run processor` runs it (connectors/payments/demo/main.ts),
 * in its own process group, on `port` over `dataDir` (seeded with `subjects` generated
 * subjects only when empty). Resolves once GET /health answers.
 */
export async function startProcessorProcess(options: { port: number; dataDir: string; subjects: number }): Promise<ProcessorProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: 'development',
    PORT: String(options.port),
    PROCESSOR_HOST: '127.0.0.1',
    PROCESSOR_DATA_DIR: options.dataDir,
    PAYMENTS_API_KEY: DEMO_PROCESSOR_KEY,
    SEED_SUBJECTS: String(options.subjects),
  };
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['connectors/payments/demo/main.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => ((alive = false), resolve())));
  const pid = child.pid;
  if (pid === undefined) throw new Error('expected the processor process to start, got no pid');
  const url = `http://127.0.0.1:${options.port}`;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!alive) throw new Error(`expected the processor to start, it exited:\n${output}`);
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      signalGroup('SIGKILL');
      throw new Error(`expected the processor's /health within 60 s, got nothing:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async (signal = 'SIGTERM') => {
      if (alive) signalGroup(signal);
      await exited;
      // tsx runs the processor in a child process of the group: wait until it is gone too, so the
      // port and the datafiles are free for a restart.
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(-pid, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    output: () => output,
  };
}
