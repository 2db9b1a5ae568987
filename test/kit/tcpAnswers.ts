import { execFileSync } from 'node:child_process';

/**
 * Whether something accepts TCP connections on host:port, decided synchronously (a child Node
 * process, at most `timeoutMs`), because Jest needs to know while it defines tests whether a
 * server-only suite runs or is skipped.
 */
export function tcpAnswers(options: { host: string; port: number; timeoutMs?: number }): boolean {
  const { host, port, timeoutMs = 2_000 } = options;
  const probe = `const s = require('node:net').connect(${JSON.stringify(port)}, ${JSON.stringify(host)});
    s.setTimeout(${timeoutMs}, () => process.exit(1));
    s.on('connect', () => process.exit(0));
    s.on('error', () => process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: timeoutMs + 1_000 });
    return true;
  } catch {
    return false;
  }
}
