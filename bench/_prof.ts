import { startBenchGateway } from './startBenchGateway';
import { OFFICER } from '../test/kit/startTestGateway';
(async () => {
  const { gw } = await startBenchGateway({ seedSubjects: 1200 });
  const refs = Array.from({ length: 100 }, (_, i) => ({ email: `user${i + 1}@demo.example` }));
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await gw.query('query($refs:[SubjectRef!]!){subjects(refs:$refs){id orders{id} payments{id} supportMessages{id}}}', { ...OFFICER, variables: { refs } });
    console.log('q100', (performance.now() - t).toFixed(1));
  }
  await gw.close();
})();
