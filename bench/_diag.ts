import { startBenchGateway } from './startBenchGateway';
import { OFFICER } from '../test/kit/startTestGateway';
import { FULL_SUBJECT_QUERY } from './benchQueries';
(async () => {
  const { gw } = await startBenchGateway({ seedSubjects: 1200 });
  const cs = gw.gateway.services.connectors;
  for (let rep = 0; rep < 3; rep++) {
    for (const c of cs) {
      const keys = c.queryableBy.includes('EMAIL') ? [{ type: 'EMAIL' as const, value: 'alice@example.com' }] : [{ type: 'CUSTOMER_ID' as const, value: 'cus_alice' }];
      const t = performance.now();
      await c.findByIdentities(keys);
      console.log(c.name, (performance.now() - t).toFixed(1));
    }
    let t = performance.now();
    await gw.query(FULL_SUBJECT_QUERY, { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    console.log('query', (performance.now() - t).toFixed(1));
    const refs = Array.from({ length: 100 }, (_, i) => ({ email: `user${i + 1}@demo.example` }));
    t = performance.now();
    await gw.query('query($refs:[SubjectRef!]!){subjects(refs:$refs){id orders{id} payments{id} supportMessages{id}}}', { ...OFFICER, variables: { refs } });
    console.log('q100', (performance.now() - t).toFixed(1));
  }
  gw.gateway.sources.processor!.stats.reset();
  await new Promise((r) => setTimeout(r, 3000));
  console.log(gw.gateway.sources.processor!.stats.snapshot());
  await gw.close();
})();
