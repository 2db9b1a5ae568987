import { startBenchGateway } from './startBenchGateway';
(async () => {
  const { gw } = await startBenchGateway({ seedSubjects: 1200 });
  const cs = gw.gateway.services.connectors;
  for (let rep = 0; rep < 4; rep++) {
    for (const n of [1, 100, 1000]) {
      const line: string[] = [`n=${n}`];
      for (const c of cs) {
        const keys = c.queryableBy.includes('EMAIL') ? Array.from({ length: n }, (_, i) => ({ type: 'EMAIL' as const, value: `user${i + 1}@demo.example` })) : Array.from({ length: n }, (_, i) => ({ type: 'CUSTOMER_ID' as const, value: `cus_user${i + 1}` }));
        const t = performance.now();
        await c.findByIdentities(keys);
        line.push(`${c.name} ${(performance.now() - t).toFixed(1)}`);
      }
      const t = performance.now();
      await gw.gateway.services.registry.findByIdentities(Array.from({ length: n * 3 }, (_, i) => ({ type: 'EMAIL' as const, value: `user${i + 1}@demo.example` })));
      line.push(`registry ${(performance.now() - t).toFixed(1)}`);
      console.log(line.join('  '));
    }
  }
  await gw.close();
})();
