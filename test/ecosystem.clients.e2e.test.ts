import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runExample, runNodeScript } from './kit/runExample';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

/**
 * The client libraries a developer reaches for, each run by its example under `examples/` as its
 * own process against one live gateway: data, partial data with FORBIDDEN nulls, and a refusal's
 * contract code the way that library hands it over.
 */
describe('client libraries against a live gateway', () => {
  let gw: TestGateway;
  let gateway: { url: string; tokens: { shop: string; support: string } };
  beforeAll(async () => {
    gw = await startTestGateway();
    gateway = { url: `${gw.url}/graphql`, tokens: { shop: await gw.token(['shop_service']), support: await gw.token(['support_agent']) } };
  });
  afterAll(async () => {
    await gw?.close();
  });
  const BOB = { subject: { profile: { name: 'Bob Brown', email: 'bob@example.com' }, orders: [{ total: 199 }] } };
  const IP_FORBIDDEN = [{ code: 'FORBIDDEN', path: 'subject.orders.0.ip' }];
  const refusal = (code: string) => [{ code, path: '' }];

  it('Apollo Client 4: errorPolicy all, one cache per purpose, id-less types cached by keyFields, refusals as CombinedGraphQLErrors', async () => {
    // Apollo prints its cache warnings in its development build only: run that one, as a developer would.
    const found = await runExample('apollo-client/main.ts', gateway, '--conditions=development');
    expect(found.read).toMatchObject({ data: BOB, errors: [] });
    expect(found.partial.data).toMatchObject({ subject: { profile: { name: 'Bob Brown' }, orders: [{ total: 199, ip: null }] } });
    expect(found.partial.errors).toEqual(IP_FORBIDDEN);
    // Its own cache: fraud_prevention asks the gateway and gets FORBIDDEN for the name…
    expect(found.ownCache).toMatchObject({ data: { subject: { profile: { name: null } } }, errors: [{ code: 'FORBIDDEN', path: 'subject.profile.name' }], requests: 1 });
    // …a cache shared with order_fulfillment serves the name without a request: why the README says one per purpose.
    expect(found.sharedCache).toMatchObject({ data: { subject: { profile: { name: 'Bob Brown' } } }, requests: 0 });
    // Two selections of the id-less myAccess merge into one cached answer, with no "cache data may be lost" warning.
    expect(found.access.fields).toBeGreaterThan(0);
    expect(found.access.cachedCategories).toBeGreaterThan(0);
    expect(found.warnings).toEqual([]);
    expect(found.refused.unauthenticated).toEqual({ data: null, combined: true, errors: refusal('UNAUTHENTICATED') });
    expect(found.refused.purposeNotAllowed).toEqual({ data: null, combined: true, errors: refusal('PURPOSE_NOT_ALLOWED') });
  });

  it('urql with its defaults: queries as GET, data next to FORBIDDEN, refusal codes as GraphQL errors', async () => {
    const found = await runExample('urql/main.ts', gateway);
    expect(found.methods).toEqual(['GET', 'GET', 'GET', 'GET']);
    expect(found.read).toMatchObject({ data: BOB, errors: [], networkError: null });
    expect(found.partial).toMatchObject({ data: { subject: { orders: [{ ip: null }] } }, errors: IP_FORBIDDEN, networkError: null });
    expect(found.refused.unauthenticated).toEqual({ data: null, errors: refusal('UNAUTHENTICATED'), networkError: null });
    expect(found.refused.purposeNotAllowed).toEqual({ data: null, errors: refusal('PURPOSE_NOT_ALLOWED'), networkError: null });
  });

  it('graphql-request: rawRequest with errorPolicy all keeps data next to FORBIDDEN; a refusal throws ClientError with status and code', async () => {
    const found = await runExample('graphql-request/main.ts', gateway);
    expect(found.read).toMatchObject({ thrown: null, status: 200, data: BOB, errors: [] });
    expect(found.partial).toMatchObject({ thrown: null, status: 200, data: { subject: { orders: [{ ip: null }] } }, errors: IP_FORBIDDEN });
    expect(found.refused.unauthenticated).toEqual({ thrown: 'ClientError', status: 401, data: null, errors: refusal('UNAUTHENTICATED') });
    expect(found.refused.purposeNotAllowed).toEqual({ thrown: 'ClientError', status: 403, data: null, errors: refusal('PURPOSE_NOT_ALLOWED') });
  });

  describe('GraphQL Code Generator', () => {
    const committed = path.join(__dirname, '..', 'examples', 'codegen', 'generated');

    it('generates from the live gateway’s introspection exactly the typed documents committed (CODEGEN_UPDATE=1 rewrites them)', async () => {
      const out = mkdtempSync(path.join(os.tmpdir(), 'codegen-'));
      try {
        const env = { GATEWAY_URL: gateway.url, GATEWAY_TOKEN: await gw.token(['privacy_officer']), CODEGEN_OUT: `${out}/` };
        await runNodeScript({ script: 'node_modules/@graphql-codegen/cli/esm/bin.js', args: ['--config', 'examples/codegen/codegen.ts'], env });
        const files = readdirSync(out).sort();
        expect(files).toEqual(['fragment-masking.ts', 'gql.ts', 'graphql.ts', 'index.ts']);
        for (const file of files) {
          const fresh = readFileSync(path.join(out, file), 'utf8');
          if (process.env.CODEGEN_UPDATE === '1') writeFileSync(path.join(committed, file), fresh);
          // Current output equals the committed files, which `npm run typecheck` compiles with the example.
          expect({ file, text: readFileSync(path.join(committed, file), 'utf8') }).toEqual({ file, text: fresh });
        }
        expect(readFileSync(path.join(out, 'graphql.ts'), 'utf8')).toContain('export type ReadBobQuery = { subject: {');
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it('runs the typed example: data, FORBIDDEN for a name fraud_prevention may not read, a refusal’s code', async () => {
      const found = await runExample('codegen/main.ts', gateway);
      expect(found.read).toEqual({ status: 'ACTIVE', name: 'Bob Brown', totals: [199], errors: [] });
      expect(found.partial).toEqual({ status: 'ACTIVE', name: null, totals: [199], errors: [{ code: 'FORBIDDEN', path: 'subject.profile.name' }] });
      expect(found.refused.purposeNotAllowed).toEqual({ status: null, name: null, totals: [], errors: refusal('PURPOSE_NOT_ALLOWED') });
    });
  });
});
