import http from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ORDERS_COLLECTION } from '../../src/demo/OrderDocument';
import type { Doc, DocumentCollection, DocumentStore } from '../../src/store/DocumentStore';
import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from '../kit/startTestGateway';

/**
 * `aggregate`'s scan has a deadline and stops when its client goes away, over real HTTP. The
 * orders store is wrapped into a slow paged source: pages of PAGE orders, the second of which
 * does not come until the test releases it, so every count below is exact, whatever the load.
 */
const PAGE = 10;
const HUNG_PAGE = 2;
const ANALYST = { roles: ['analyst'], purpose: 'analytics' } as const;
const AGGREGATE = 'query Aggregate { aggregate(input: { set: "orders", groupBy: [{ dimension: "device" }] }) { groups { count } } }';

interface SlowScan {
  pagesStarted: number;
  closed: boolean;
  release(): void;
}

/** Pages of the orders' scan counted as they start; the hung page waits for `release`. */
function slowScans(): { scan: SlowScan; wrap: (store: DocumentStore, source: string) => DocumentStore } {
  let release: () => void = () => undefined;
  const scan: SlowScan = { pagesStarted: 0, closed: false, release: () => release() };
  async function* paged(inner: AsyncIterable<Doc>): AsyncGenerator<Doc> {
    let inPage = 0;
    try {
      for await (const doc of inner) {
        if (inPage === 0) {
          scan.pagesStarted++;
          if (scan.pagesStarted === HUNG_PAGE) await new Promise<void>((resolve) => (release = resolve));
        }
        yield doc;
        inPage = (inPage + 1) % PAGE;
      }
    } finally {
      scan.closed = true;
    }
  }
  const wrap = (store: DocumentStore, source: string): DocumentStore => {
    if (source !== 'orders') return store;
    return new Proxy(store, {
      get(target, prop, receiver) {
        if (prop !== 'collection') return Reflect.get(target, prop, receiver) as unknown;
        return <T extends Doc>(name: string): DocumentCollection<T> => {
          const inner = target.collection<T>(name);
          if (name !== ORDERS_COLLECTION) return inner;
          return new Proxy(inner, {
            get(c, p, r) {
              if (p !== 'iterate') return Reflect.get(c, p, r) as unknown;
              return (...args: Parameters<DocumentCollection<T>['iterate']>) => paged(c.iterate(...args)) as AsyncIterable<T>;
            },
          });
        };
      },
    });
  };
  return { scan, wrap };
}

/** A logger whose lines the test can wait for (the gateway says when it stops a scan). */
function capturedLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString('utf8')), done()) });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

let over = false;
afterAll(() => {
  over = true;
});
/** Waits for `condition`; gives up once the file is over (a test that timed out must not poll on). */
const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) {
    if (over) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('aggregate: a scan past STATISTICS_TIMEOUT_MS', () => {
  let gw: TestGateway;
  const { scan, wrap } = slowScans();
  beforeAll(async () => {
    gw = await startTestGateway({ env: { STATISTICS_TIMEOUT_MS: '300' }, overrides: { startWorker: false, wrapDocumentStore: wrap } });
  });
  afterAll(async () => {
    scan.release();
    await gw?.close();
  });

  it('answers SOURCE_UNAVAILABLE, audited with that code, and the source starts no page after the hung one', async () => {
    const r = await gw.query(AGGREGATE, ANALYST);
    expect(codes(r)).toEqual(['SOURCE_UNAVAILABLE']);
    expect(r.body.errors?.[0]?.extensions?.source).toBe('orders');
    expect(r.body.data).toEqual({ aggregate: null });
    const audit = await gw.query('{ auditEvents(first: 1) { edges { node { operation purpose outcome code denied subjectIds } } } }', OFFICER);
    expect(audit.body.data?.auditEvents.edges[0]?.node).toEqual({ operation: 'Aggregate', purpose: 'analytics', outcome: 'partial', code: 'SOURCE_UNAVAILABLE', denied: ['aggregate: SOURCE_UNAVAILABLE'], subjectIds: [] });
    scan.release();
    await until(() => scan.closed);
    expect(scan.pagesStarted).toBe(HUNG_PAGE);
  }, 20_000);
});

describe('aggregate: a client that goes away mid-scan', () => {
  let gw: TestGateway;
  const { scan, wrap } = slowScans();
  const { logger, lines } = capturedLogger();
  beforeAll(async () => {
    gw = await startTestGateway({ overrides: { startWorker: false, wrapDocumentStore: wrap, logger } });
  });
  afterAll(async () => {
    scan.release();
    await gw?.close();
  });

  it('stops the scan: no page starts after the disconnect', async () => {
    const token = await gw.token(ANALYST.roles);
    const url = new URL(gw.url);
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/graphql', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': ANALYST.purpose } });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ query: AGGREGATE }));
    await until(() => scan.pagesStarted === HUNG_PAGE);
    req.destroy();
    await until(() => lines.some((line) => line.includes('statistics scan stopped')));
    expect(JSON.parse(lines.find((line) => line.includes('statistics scan stopped')) as string)).toMatchObject({ source: 'orders', stoppedBy: 'client disconnect' });
    scan.release();
    await until(() => scan.closed);
    expect(scan.pagesStarted).toBe(HUNG_PAGE);
  }, 20_000);
});
