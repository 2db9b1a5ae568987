import type { Connector, ErasePlan } from '../../src/sources/Connector';
import type { Identity } from '../../src/sources/Identity';
import { identityKey } from '../../src/sources/Identity';

/**
 * The connector conformance suite: what every connector promises the gateway, run against each
 * one (orders over the document store, payments over the processor API, support over SQL).
 * The connector's own test seeds its source and says which subjects exist; this suite mutates
 * them, one subject per destructive test, so `subjects` must list at least three with records.
 */
export interface ConnectorFixture {
  connector: Connector;
  /** Subjects seeded in the source, each with every identity the source can be searched by. */
  subjects: Array<{ identities: Identity[]; records: number }>;
  /** An identity no record in the source holds. */
  unknown: Identity;
  teardown?: () => Promise<void>;
}

export function defineConnectorConformance(options: { name: string; setup: () => Promise<ConnectorFixture> }): void {
  describe(`connector conformance: ${options.name}`, () => {
    let fixture: ConnectorFixture;
    beforeAll(async () => {
      fixture = await options.setup();
      if (fixture.subjects.length < 3) throw new TypeError(`expected at least 3 seeded subjects, got ${fixture.subjects.length}`);
    });
    afterAll(async () => {
      await fixture?.teardown?.();
    });
    const subject = (i: number) => {
      const s = fixture.subjects[i];
      if (!s) throw new TypeError(`expected a seeded subject #${i}`);
      return s;
    };
    const queryable = (ids: readonly Identity[]) => ids.filter((id) => fixture.connector.queryableBy.includes(id.type));
    const plan = (identities: readonly Identity[], action: ErasePlan['action'] = 'delete'): ErasePlan => ({ identities, action, holds: [], now: new Date() });

    it('declares a consistent descriptor', () => {
      const c = fixture.connector;
      expect(c.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(c.queryableBy.length).toBeGreaterThan(0);
      expect(c.capabilities).toContain('read');
      expect(c.collections.length).toBeGreaterThan(0);
      for (const collection of c.collections) {
        for (const [field, category] of Object.entries(collection.fields)) {
          expect(typeof field).toBe('string');
          if (category !== null) expect(category).toMatch(/^[a-z_]+(\.[a-z_]+)*$/);
        }
        expect(collection.fields).toHaveProperty('id');
        expect(collection.fields).toHaveProperty('source');
      }
    });

    it('lists every record of each collection once, where it can (the statistics\' scan), restricted ones flagged', async () => {
      const scannable = fixture.connector.scannable;
      if (!scannable) return expect(fixture.connector.scannable).toBeUndefined(); // serves no statistic set (no listing)
      const scanned = new Map<string, string[]>();
      for (const c of fixture.connector.collections) {
        expect(scannable.fieldsOf(c.name).map((f) => f.name).sort()).toEqual(Object.keys(c.fields).filter((f) => f !== 'id' && f !== 'source').sort());
        const ids: string[] = [];
        for await (const record of scannable.scan(c.name)) {
          expect(record.collection).toBe(c.name);
          expect(typeof record.restricted).toBe('boolean');
          ids.push(record.id);
        }
        expect(new Set(ids).size).toBe(ids.length);
        scanned.set(c.name, ids);
      }
      const found = await fixture.connector.findByIdentities(fixture.subjects.flatMap((s) => queryable(s.identities)), { includeRestricted: true });
      for (const records of found) {
        if (records instanceof Error) throw records;
        for (const r of records) expect(scanned.get(r.collection)).toContain(r.id);
      }
      expect(() => scannable.fieldsOf('no_such_collection')).toThrow(TypeError);
    });

    it('finds records past their period by their date, where it can, and a plan changes nothing', async () => {
      const expiring = fixture.connector.expiring;
      if (!expiring) return expect(fixture.connector.expiring).toBeUndefined(); // not on the retention clock (no date search)
      const before = (date: string) => ({ collections: new Map(fixture.connector.collections.map((c) => [c.name, { before: new Date(date), then: 'delete' as const }])), holds: [], now: new Date() });
      const none = await expiring.plan(before('1970-01-01T00:00:00.000Z'));
      expect(none.deleted + none.depersonalized + none.retained).toBe(0);
      const keys = queryable(subject(0).identities);
      const seen = await fixture.connector.findByIdentities(keys);
      const all = await expiring.plan(before('2999-01-01T00:00:00.000Z'));
      expect(all.deleted + all.depersonalized).toBeGreaterThanOrEqual(subject(0).records);
      expect(await fixture.connector.findByIdentities(keys)).toEqual(seen);
    });

    it('answers a health check', async () => {
      await expect(fixture.connector.health(AbortSignal.timeout(5000))).resolves.toBeUndefined();
    });

    it('returns one entry per key, in key order, [] for an unknown key', async () => {
      const keys = [fixture.unknown, ...queryable(subject(0).identities), fixture.unknown, ...queryable(subject(1).identities)];
      const results = await fixture.connector.findByIdentities(keys);
      expect(results).toHaveLength(keys.length);
      expect(results[0]).toEqual([]);
      results.forEach((r, i) => {
        if (r instanceof Error) throw new Error(`key ${i} failed: ${r.message}`);
        const key = keys[i]!;
        if (key === fixture.unknown) expect(r).toEqual([]);
        else {
          expect(r.length).toBeGreaterThan(0);
          // A record found by the key holds it; one reached through a reference (a message of
          // the subject's ticket) may hold no identity itself, but never another person's alone.
          expect(r.some((record) => record.identities.map(identityKey).includes(identityKey(key)))).toBe(true);
          for (const record of r) if (record.identities.length > 0) expect(record.identities.map(identityKey)).toContain(identityKey(key));
        }
      });
    });

    it('returns records carrying only declared fields, revealing only declared identity types', async () => {
      const s = subject(0);
      const [records] = await fixture.connector.findByIdentities(queryable(s.identities).slice(0, 1));
      if (!records || records instanceof Error) throw new Error('expected records');
      expect(records).toHaveLength(s.records);
      for (const record of records) {
        expect(record.source).toBe(fixture.connector.name);
        const collection = fixture.connector.collections.find((c) => c.name === record.collection);
        expect(collection).toBeDefined();
        const declared = Object.keys(collection?.fields ?? {});
        expect(Object.keys(record.fields).every((f) => declared.includes(f))).toBe(true);
        for (const id of record.identities) expect(fixture.connector.reveals).toContain(id.type);
        for (const key of Object.keys(record.profile ?? {})) expect(fixture.connector.profileFields).toContain(key);
      }
    });

    it('streams the same records on export as a read that includes restricted ones', async () => {
      const s = subject(0);
      const exported = [];
      for await (const record of fixture.connector.exportRecords({ identities: s.identities })) exported.push(record.id);
      const [read] = await fixture.connector.findByIdentities(queryable(s.identities).slice(0, 1), { includeRestricted: true });
      if (!read || read instanceof Error) throw new Error('expected records');
      expect(exported.sort()).toEqual(read.map((r) => r.id).sort());
    });

    it('restricts idempotently, hides restricted records from ordinary reads, and lifts the restriction', async () => {
      const s = subject(1);
      const key = queryable(s.identities).slice(0, 1);
      expect((await fixture.connector.restrict({ identities: s.identities }, true)).records).toBe(s.records);
      expect((await fixture.connector.restrict({ identities: s.identities }, true)).records).toBe(s.records);
      expect(await fixture.connector.findByIdentities(key)).toEqual([[]]);
      const [withRestricted] = await fixture.connector.findByIdentities(key, { includeRestricted: true });
      if (!withRestricted || withRestricted instanceof Error) throw new Error('expected records');
      expect(withRestricted).toHaveLength(s.records);
      expect(withRestricted.every((r) => r.restricted)).toBe(true);
      await fixture.connector.restrict({ identities: s.identities }, false);
      const [after] = await fixture.connector.findByIdentities(key);
      expect(after).toHaveLength(s.records);
    });

    it('plans exactly what it then erases, leaves nothing findable, and does nothing on a second run', async () => {
      const s = subject(2);
      const planned = await fixture.connector.planErase(plan(s.identities));
      expect(planned.deleted + planned.depersonalized + planned.retained).toBe(s.records);
      const done = await fixture.connector.erase(plan(s.identities));
      expect(done).toEqual(planned);
      const after = await fixture.connector.findByIdentities(queryable(s.identities), { includeRestricted: true });
      expect(after.every((r) => Array.isArray(r) && r.length === 0)).toBe(true);
      const again = await fixture.connector.erase(plan(s.identities));
      expect(again).toEqual({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [], collections: [] });
    });

    it('erases a wave in one call: one result per plan, in plan order, each what planEraseMany said', async () => {
      const wave = [plan(subject(1).identities), plan([fixture.unknown]), plan(subject(2).identities)];
      const planned = await fixture.connector.planEraseMany(wave);
      expect(planned).toHaveLength(3);
      expect(planned[0]).toMatchObject({ retained: 0 });
      const first = planned[0] as { deleted: number; depersonalized: number };
      expect(first.deleted + first.depersonalized).toBe(subject(1).records);
      expect(planned.slice(1)).toEqual([{ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [], collections: [] }, { deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [], collections: [] }]);
      expect(await fixture.connector.eraseMany(wave)).toEqual(planned);
      const after = await fixture.connector.findByIdentities(queryable(subject(1).identities), { includeRestricted: true });
      expect(after.every((r) => Array.isArray(r) && r.length === 0)).toBe(true);
      expect(await fixture.connector.eraseMany(wave)).toEqual(wave.map(() => ({ deleted: 0, depersonalized: 0, retained: 0, retainedRecords: [], collections: [] })));
    });

    it('leaves other subjects untouched by an erasure', async () => {
      const s = subject(0);
      const [records] = await fixture.connector.findByIdentities(queryable(s.identities).slice(0, 1));
      expect(Array.isArray(records) && records.length).toBe(s.records);
    });
  });
}
