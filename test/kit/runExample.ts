import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.join(__dirname, '..', '..');
const run = promisify(execFile);

/**
 * Runs a client example (or a client tool) as its own Node process, as its users would: the client
 * libraries are ESM, jest's modules are not. The binary is this process's own (`process.execPath`),
 * so the suite under another Node runs the clients under it too.
 */
export async function runNodeScript(options: { script: string; args?: readonly string[]; env?: Record<string, string>; nodeOptions?: string }): Promise<string> {
  const env = { ...process.env, ...options.env, NODE_OPTIONS: options.nodeOptions ?? '' };
  try {
    const { stdout } = await run(process.execPath, [path.join(ROOT, options.script), ...(options.args ?? [])], { cwd: ROOT, env, timeout: 60_000, maxBuffer: 8 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new Error(`${options.script} ${(options.args ?? []).join(' ')} failed: ${failed.stderr || failed.message}`, { cause: error });
  }
}

/** Runs `examples/<file>` through tsx with the gateway in `EXAMPLE_GATEWAY`, and parses the JSON it reports. */
export async function runExample<T = any>(file: string, gateway: { url: string; tokens: { shop: string; support: string } }, nodeOptions?: string): Promise<T> {
  const stdout = await runNodeScript({ script: 'node_modules/tsx/dist/cli.mjs', args: [path.join('examples', file)], env: { EXAMPLE_GATEWAY: JSON.stringify(gateway) }, nodeOptions });
  const found = JSON.parse(stdout) as T & { node?: string };
  // The suite under another Node (CI's LTS smoke set) must run the clients under it as well.
  if (found.node !== process.versions.node) throw new Error(`expected ${file} to run on Node ${process.versions.node}, got ${String(found.node)}`);
  return found;
}
