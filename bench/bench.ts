/**
 * `npm run bench` — the gateway's benchmark on the embedded stack (see README, Performance).
 *   --quick  every figure at smoke-test sizes, in seconds (the test suite runs it so the benchmark
 *            cannot rot; its numbers mean nothing)
 *   --json   print the figures as one JSON object on stdout instead of the table
 *   --only erasure       the erasure figures alone, as JSON
 *   --only enforcement   the on/off figures alone, as JSON (profile the read path with it)
 * Progress goes to stderr, so `--json` output can be piped.
 */
import { FULL, QUICK } from './BenchResult';
import { formatTable } from './formatTable';
import { runBenchmark } from './runBenchmark';
import { runEnforcementOnly } from './runEnforcementOnly';
import { runErasureOnly } from './runErasureOnly';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const args = new Set(argv.filter((a, i) => a !== '--only' && argv[i - 1] !== '--only'));
  const unknown = [...args].filter((a) => a !== '--quick' && a !== '--json');
  if (unknown.length > 0) throw new TypeError(`expected --quick, --json and/or --only erasure|enforcement, got ${unknown.join(' ')}`);
  if (only !== undefined && only !== 'erasure' && only !== 'enforcement') throw new TypeError(`expected --only erasure or --only enforcement, got --only ${only ?? 'nothing'}`);
  const settings = args.has('--quick') ? QUICK : FULL;
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  if (only === 'erasure') {
    process.stdout.write(`${JSON.stringify(await runErasureOnly(settings, log), null, 2)}\n`);
    return;
  }
  if (only === 'enforcement') {
    process.stdout.write(`${JSON.stringify(await runEnforcementOnly(settings, log), null, 2)}\n`);
    return;
  }
  const result = await runBenchmark(settings, log);
  process.stdout.write(args.has('--json') ? `${JSON.stringify(result, null, 2)}\n` : `${formatTable(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
