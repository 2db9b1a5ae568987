import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLObjectType } from 'graphql';
import { buildClientSchema, getIntrospectionQuery } from 'graphql';
import { loadTypeDefs } from '../src/schema/loadTypeDefs';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';
import { undocumented } from './kit/undocumented';

describe('the schema explains itself', () => {
  it('describes every type, field, argument, enum value and input field of the core SDL', () => {
    const core = makeExecutableSchema({ typeDefs: loadTypeDefs() });
    const { missing, total } = undocumented(core);
    expect(total).toBeGreaterThan(250);
    expect(missing).toEqual([]);
  });

  describe('as a client sees it, over introspection, with the demo sources', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway();
    });
    afterAll(async () => {
      await gw?.close();
    });

    it('is at least 95 % described, and every personal field names its category and the purposes that read it', async () => {
      const result = await gw.query(getIntrospectionQuery({ descriptions: true }), OFFICER);
      const schema = buildClientSchema(result.body.data as never);
      const { missing, total } = undocumented(schema);
      // Generated enums' values are what the declarations cannot describe; everything else is.
      expect(missing.length).toBeLessThanOrEqual(Math.floor(total * 0.05));

      const order = schema.getType('Order') as GraphQLObjectType;
      expect(order.getFields().ip?.description).toMatch(/category `technical\.ip`/);
      expect(order.getFields().ip?.description).toMatch(/`fraud_prevention`/);
      expect(order.getFields().ip?.description).not.toMatch(/`marketing`/);
      const profile = schema.getType('Profile') as GraphQLObjectType;
      expect(profile.getFields().email?.description).toMatch(/category `contact\.email`.*as a keyed pseudonym by `analytics`/s);
      const pageInfo = schema.getType('PageInfo') as GraphQLObjectType;
      expect(Object.keys(pageInfo.getFields()).sort()).toEqual(['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor']);
    });

    it('gives Profile the subject’s id, and pages with startCursor and endCursor', async () => {
      const read = await gw.query('{ subject(ref:{email:"alice@example.com"}) { id profile { id } } auditEvents(first: 2) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }', OFFICER);
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data?.subject.profile.id).toBe(read.body.data?.subject.id);
      const page = read.body.data?.auditEvents;
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      expect(page.pageInfo.hasPreviousPage).toBe(false);
    });
  });
});
