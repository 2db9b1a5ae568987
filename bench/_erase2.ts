import { startBenchGateway } from './startBenchGateway';
import { resolveForDsr } from '../src/dsr/resolveForDsr';
(async () => {
  const { gw } = await startBenchGateway({ seedSubjects: 1200 });
  const s = gw.gateway.services;
  s.dsr.worker.stop();
  const ledger = s.dsr.ledger;
  const t = () => performance.now();
  for (let i = 1; i <= 10; i++) {
    const parts: string[] = [];
    let a = t();
    const [subj] = await resolveForDsr(s, [{ type: 'EMAIL', value: `user${i}@demo.example` }]);
    parts.push(`resolve ${(t() - a).toFixed(1)}`); a = t();
    await ledger.byIdempotencyKey('nope' + i);
    parts.push(`idem ${(t() - a).toFixed(1)}`); a = t();
    await s.registry.ensure(subj!.id, subj!.identities);
    parts.push(`ensure ${(t() - a).toFixed(1)}`); a = t();
    const doc: any = { _id: 'dsr_x' + i, idempotencyKey: 'k' + i, status: 'PENDING', createdAt: new Date().toISOString(), tasks: [], identityHashes: [], leaseUntil: null };
    await ledger.insert(doc);
    parts.push(`insert ${(t() - a).toFixed(1)}`); a = t();
    await s.registry.claimErasure(subj!.id, doc._id);
    parts.push(`claim ${(t() - a).toFixed(1)}`); a = t();
    await ledger.update(doc._id, { leaseOwner: null });
    parts.push(`update ${(t() - a).toFixed(1)}`); a = t();
    for (const c of s.connectors) {
      await c.inner.findByIdentities(subj!.identities.filter((x) => c.queryableBy.includes(x.type)), { includeRestricted: true });
      parts.push(`${c.name} ${(t() - a).toFixed(1)}`); a = t();
    }
    console.log(parts.join('  '));
  }
  console.log('orders', await gw.gateway.sources.orders.collection('orders').count({}), 'subjects', await s.state.collection('subjects').count({}), 'audit', await s.state.collection('audit_events').count({}));
  await gw.close();
})();
