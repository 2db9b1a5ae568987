import { startBenchGateway } from './startBenchGateway';
import { OFFICER } from '../test/kit/startTestGateway';
(async () => {
  const { gw } = await startBenchGateway({ seedSubjects: 1200 });
  const N = Number(process.env.N ?? 100);
  const t0 = performance.now();
  const inputs = Array.from({ length: N }, (_, i) => ({ ref: { email: `user${i + 1}@demo.example` }, reason: 'bench' }));
  const r = await gw.query('mutation($inputs:[EraseSubjectInput!]!){eraseSubjects(inputs:$inputs){id status}}', { ...OFFICER, variables: { inputs } });
  if (r.body.errors) console.log(r.body.errors);
  const t1 = performance.now();
  console.log('submitted', (t1 - t0).toFixed(0));
  const ledger = gw.gateway.services.dsr.ledger;
  for (;;) {
    const open = await ledger.requests.count({ status: { $in: ['PENDING', 'IN_PROGRESS'] } });
    if (open === 0) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const t2 = performance.now();
  console.log('done', (t2 - t0).toFixed(0), 'failed', await ledger.requests.count({ status: 'FAILED' }));
  await gw.close();
})();
