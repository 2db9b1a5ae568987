import { startBenchGateway } from './startBenchGateway';
(async () => {
  const { gw } = await startBenchGateway({ seedSubjects: 1200 });
  const s = gw.gateway.services;
  await s.dsr.worker.stop();
  const N = Number(process.env.N ?? 200);
  for (let at = 0; at < N; at += 100) await s.dsr.requests.eraseMany(Array.from({ length: 100 }, (_, i) => ({ ref: { email: `user${at + i + 1}@demo.example` }, reason: 'x' })), { client: 'c', roles: ['privacy_officer'] });
  const t1 = performance.now();
  s.dsr.worker.start();
  const ledger = s.dsr.ledger;
  for (;;) {
    const open = await ledger.requests.count({ status: { $in: ['PENDING', 'IN_PROGRESS'] } });
    if (open === 0) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  console.log('worker', N, (performance.now() - t1).toFixed(0), 'failed', await ledger.requests.count({ status: 'FAILED' }));
  await gw.close();
})();
