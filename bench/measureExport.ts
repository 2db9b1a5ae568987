import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestGateway } from '../test/kit/startTestGateway';
import { OFFICER } from '../test/kit/startTestGateway';
import type { BenchResult, BenchSettings } from './BenchResult';
import { emailRef } from './benchQueries';
import { SUBJECTS, seedExtraOrders } from './benchSubjects';

const EXPORT = 'mutation Export($input: ExportSubjectInput!) { exportSubject(input: $input) { id } }';
const STATUS = 'query Status($id: ID!) { dsrRequest(id: $id) { status tasks { source records } export { bytes } } }';

/** `gc()` without --expose-gc on the command line (`npm run bench` runs plain tsx). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const heapMb = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1024 / 1024;
};

/**
 * Peak memory of one export, run the way a privacy officer runs it (exportSubject, then polling the
 * request until COMPLETED), in this process where the worker writes the file. Heap (heapUsed +
 * external) is sampled every 2 ms from a forced-GC baseline; the peak above the baseline is what the
 * export held at once. RSS is not used: it keeps pages the allocator got once, so it shows what
 * earlier phases (the load runs) reserved rather than what the export needed.
 */
async function peakOfExport(gw: TestGateway, n: number, records: number, gc: () => void): Promise<number> {
  gc();
  gc();
  const baseline = heapMb();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, heapMb())), 2);
  try {
    const r = await gw.query(EXPORT, { ...OFFICER, variables: { input: { ref: emailRef(n), format: 'JSON' } } });
    if (r.body.errors) throw new Error(`export: expected no errors, got ${JSON.stringify(r.body.errors).slice(0, 300)}`);
    const id = r.body.data?.exportSubject.id as string;
    for (;;) {
      peak = Math.max(peak, heapMb());
      const s = (await gw.query(STATUS, { ...OFFICER, variables: { id } })).body.data?.dsrRequest;
      if (s?.status === 'FAILED') throw new Error(`export: expected ${id} to complete, got FAILED`);
      if (s?.status === 'COMPLETED') {
        const exported = s.tasks.reduce((sum: number, t: { records: number | null }) => sum + (t.records ?? 0), 0);
        if (exported !== records) throw new Error(`export: expected ${records} records, got ${exported}`);
        break;
      }
      await sleep(50); // the poll's own garbage would count too: a longer export would be polled more often
    }
  } finally {
    clearInterval(sampler);
  }
  return Math.round((peak - baseline) * 10) / 10;
}

/** Two generated subjects given extra orders, so that with their payment they hold exactly 100 and 10 000 records. */
export async function measureExport(gw: TestGateway, settings: BenchSettings, log: (line: string) => void): Promise<BenchResult['export']> {
  const gc = exposeGc();
  const [small, large] = settings.exportRecords;
  // Each holds one seeded order, one payment and its customer record at the processor already (and,
  // N % 10 ≠ 0, no support ticket).
  await seedExtraOrders(gw.gateway.sources.orders, SUBJECTS.exportSmall, small - 3);
  await seedExtraOrders(gw.gateway.sources.orders, SUBJECTS.exportLarge, large - 3);
  const peakMb100 = await peakOfExport(gw, SUBJECTS.exportSmall, small, gc);
  const peakMb10k = await peakOfExport(gw, SUBJECTS.exportLarge, large, gc);
  log(`export: peak heap +${peakMb100} MB for ${small} records, +${peakMb10k} MB for ${large}`);
  return { peakMb100, peakMb10k };
}
