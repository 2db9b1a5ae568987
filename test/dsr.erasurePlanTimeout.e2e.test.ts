import type { Connector } from '../src/sources/Connector';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

const PLAN = `query($ref: SubjectRef!){ erasurePlan(subject: $ref){ complete sources { source reachable error actions { action records } } } }`;

type PlanSource = { source: string; reachable: boolean; error: string | null; actions: Array<{ action: string; records: number }> };

/** Which calls of which source never answer, and how many of them were made. */
const hung = { source: '', methods: new Set<string>(), calls: 0 };

/** A connector whose hung methods return a promise that never settles: a source that stopped answering. */
function hangable(connector: Connector): Connector {
  return new Proxy(connector, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || target.name !== hung.source || !hung.methods.has(String(prop))) return value;
      return () => {
        hung.calls++;
        return new Promise(() => undefined);
      };
    },
  });
}

/** erasurePlan against a source that does not answer: the read path's SOURCE_TIMEOUT_MS, not the officer's patience. */
describe('erasurePlan: a hung source', () => {
  let gw: TestGateway;
  const planOf = async (email: string) => {
    const r = await gw.query(PLAN, { ...OFFICER, variables: { ref: { email } } });
    expect(r.body.errors).toBeUndefined();
    return r.body.data?.erasurePlan as { complete: boolean; sources: PlanSource[] };
  };
  beforeAll(async () => {
    gw = await startTestGateway({ env: { SOURCE_TIMEOUT_MS: '300' }, overrides: { wrapConnector: hangable, startWorker: false } });
  });
  afterAll(async () => {
    await gw?.close();
  });
  beforeEach(() => {
    hung.methods.clear();
    hung.calls = 0;
  });

  it('whose planEraseMany never answers is unreachable with no actions, the others are planned, the plan is not complete', async () => {
    Object.assign(hung, { source: 'orders' });
    hung.methods.add('planEraseMany');
    const plan = await planOf('alice@example.com');
    expect(hung.calls).toBe(1);
    expect(plan.complete).toBe(false);
    expect(plan.sources.find((s) => s.source === 'orders')).toEqual({ source: 'orders', reachable: false, error: expect.stringContaining('did not answer'), actions: [] });
    const others = plan.sources.filter((s) => s.source !== 'orders');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((s) => s.reachable && s.error === null)).toBe(true);
    const support = others.find((s) => s.source === 'support')?.actions ?? [];
    expect(support.length).toBeGreaterThan(0);
    expect(support.every((a) => a.action === 'DELETE' && a.records > 0)).toBe(true);
  }, 20_000);

  it('that answers no read either is unreachable too, and the plan still comes back', async () => {
    Object.assign(hung, { source: 'support' });
    hung.methods.add('findByIdentities').add('planEraseMany');
    const plan = await planOf('bob@example.com');
    expect(hung.calls).toBeGreaterThan(0);
    expect(plan.complete).toBe(false);
    expect(plan.sources.find((s) => s.source === 'support')).toEqual({ source: 'support', reachable: false, error: expect.stringContaining('did not answer'), actions: [] });
    expect(plan.sources.find((s) => s.source === 'orders')).toMatchObject({ reachable: true, actions: [expect.objectContaining({ action: 'DEPERSONALIZE', records: 1 })] });
  }, 20_000);
});
