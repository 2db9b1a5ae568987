import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * The console's script, bundled in memory from src/console/app by esbuild: no build step to
 * forget (`npm ci` runs none), and the page runs exactly the sources the tests ran. Under a
 * compiled tree the entry is main.js beside this file instead of main.ts.
 */
export async function buildConsoleBundle(): Promise<string> {
  const entry = ['main.ts', 'main.js'].map((f) => path.join(__dirname, 'app', f)).find((f) => existsSync(f));
  if (!entry) throw new Error(`expected the console's entry at ${path.join(__dirname, 'app', 'main.ts')}, got none`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('expected one bundle from esbuild, got none');
  return output.text;
}
