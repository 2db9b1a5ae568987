/**
 * `npm run bench` — the gateway's benchmark on the embedded stack (see README, Performance).
 *   --quick  every figure at smoke-test sizes, in seconds (the test suite runs it so the benchmark
 *            cannot rot; its numbers mean nothing)
 *   --json   print the figures as one JSON object on stdout instead of the table
 * Progress goes to stderr, so `--json` output can be piped.
 */
import { FULL, QUICK } from './BenchResult';
import { formatTable } from './formatTable';
import { runBenchmark } from './runBenchmark';

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((a) => a !== '--quick' && a !== '--json');
  if (unknown.length > 0) throw new TypeError(`expected --quick and/or --json, got ${unknown.join(' ')}`);
  const settings = args.has('--quick') ? QUICK : FULL;
  const result = await runBenchmark(settings, (line) => process.stderr.write(`bench: ${line}\n`));
  process.stdout.write(args.has('--json') ? `${JSON.stringify(result, null, 2)}\n` : `${formatTable(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
