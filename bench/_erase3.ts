import { startBenchGateway } from './startBenchGateway';
import { resolveForDsr } from '../src/dsr/resolveForDsr';
(async () => {
  const { gw } = await startBenchGateway({ seedSubjects: 1200 });
  const s = gw.gateway.services;
  await s.dsr.worker.stop();
  const t0 = performance.now();
  const subs = await resolveForDsr(s, Array.from({ length: 100 }, (_, i) => ({ type: 'EMAIL' as const, value: `user${i + 1}@demo.example` })));
  console.log('resolve100', (performance.now() - t0).toFixed(0));
  const timings: Record<string, number> = {};
  const wrap = (obj: any, name: string) => { const f = obj[name].bind(obj); obj[name] = async (...a: any[]) => { const t = performance.now(); try { return await f(...a); } finally { timings[name] = (timings[name] ?? 0) + performance.now() - t; } }; };
  for (const n of ['ensure', 'claimErasure', 'update']) wrap(s.registry, n);
  for (const n of ['insert', 'update', 'byIdempotencyKey', 'get']) wrap(s.dsr.ledger, n);
  const t1 = performance.now();
  await s.dsr.requests.eraseMany(Array.from({ length: 100 }, (_, i) => ({ ref: { email: `user${i + 101}@demo.example` }, reason: 'x' })), { client: 'c', roles: ['privacy_officer'] });
  console.log('eraseMany', (performance.now() - t1).toFixed(0), timings);
  console.log(subs.length);
  await gw.close();
})();
