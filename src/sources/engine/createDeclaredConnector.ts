import { SourceUnavailableError, TransientSourceError, GatewayError } from '../../errors';
import { classifyFailure } from '../classifyFailure';
import type { Capability, Connector, ConnectorDescriptor, ErasePlan, EraseResult, FindOptions, Profile, SourceRecord, SubjectSelector } from '../Connector';
import type { CollectionDeclaration, SourceDeclaration } from '../declarations/SourceDeclaration';
import type { Identity } from '../Identity';
import { identityKey, normalizeIdentity } from '../Identity';
import { identityTypeOfProfileField } from '../../subjects/subjectFacts';
import type { CollectionDriver } from './CollectionDriver';
import { findShared, findSharedPerSubject } from './findShared';
import { mergeErasures } from './mergeErasures';
import type { DeclaredErasure } from './planDeclaredErasure';
import { planDeclaredErasure, toEraseResult } from './planDeclaredErasure';
import type { ReachedRow } from './reachRows';
import { reachRows } from './reachRows';
import { parseRecordId, primaryKeyOf } from './recordId';
import { streamSubjectRows } from './streamSubjectRows';
import { toSourceRecord } from './toSourceRecord';
import { expiringRecords } from './expiringRecords';
import { scannableRecords } from './scannableRecords';
import { byCollection, writeAndReclaim } from './writeErasure';

export interface DeclaredConnectorOptions {
  readonly declaration: SourceDeclaration;
  readonly driver: CollectionDriver;
  /** SDL generated from the declaration (`generateSourceSdl`). */
  readonly typeDefs: string;
  /** Keys the `hash` mask (a keyed hash: the same value masks the same way, and cannot be guessed back). */
  readonly hashKey: string;
  /** Capabilities the kind cannot offer whatever the declaration says (a read-only API). */
  readonly without?: readonly Capability[];
}

/**
 * A connector built from a declaration: the engine every kind shares. The kind's driver does the
 * I/O; everything a privacy decision rests on — which rows are the subject's, which a hold keeps,
 * which other people share, what a depersonalized row keeps — is decided here, the same for
 * MongoDB, PostgreSQL, MySQL and REST. Failures pass one classifier: reads null this source's
 * fields (SOURCE_UNAVAILABLE); in DSR actions a transient failure is retried by the worker.
 */
export function createDeclaredConnector(options: DeclaredConnectorOptions): Connector {
  const { declaration: source, driver } = options;
  const readFailure = (error: unknown) => (error instanceof GatewayError || error instanceof TypeError ? error : new SourceUnavailableError(source.name, error));
  const actionFailure = (error: unknown) => {
    if (error instanceof GatewayError || error instanceof TypeError) return error;
    return classifyFailure(error) === 'transient'
      ? new TransientSourceError(`source "${source.name}" failed transiently`, { cause: error, retryAfterMs: (error as TransientSourceError).retryAfterMs })
      : new SourceUnavailableError(source.name, error);
  };
  const read = async <R>(op: () => Promise<R>): Promise<R> => { try { return await op(); } catch (error) { throw readFailure(error); } };
  const act = async <R>(op: () => Promise<R>): Promise<R> => { try { return await op(); } catch (error) { throw actionFailure(error); } };

  const descriptor = describeDeclaration(source, options.typeDefs, options.without);
  const { queryableBy } = descriptor;
  const visible = (rows: Iterable<ReachedRow>, includeRestricted: boolean) =>
    [...rows].filter((r) => includeRestricted || r.collection.restrictFlag === null || r.row[r.collection.restrictFlag] !== true);
  const subjectRows = async (subject: SubjectSelector) => {
    const keys = subject.identities.filter((i) => queryableBy.includes(i.type));
    return keys.length === 0 ? [] : [...(await reachRows({ source, driver, keys })).values()];
  };
  const erasure = async (plan: ErasePlan) => {
    const rows = await subjectRows(plan);
    return planDeclaredErasure(rows, await findShared({ source, driver, rows }), plan);
  };
  /**
   * Several subjects' erasures from one read: one reach for every identity of the wave (one select
   * per collection and hop), one select per reference for the shared rows; each plan then decided
   * on its own rows, as `erasure` would. A plan the engine refuses is that plan's Error.
   */
  const erasures = async (plans: readonly ErasePlan[]): Promise<Array<DeclaredErasure | Error>> => {
    const keysOf = plans.map((p) => new Set(p.identities.filter((i) => queryableBy.includes(i.type)).map(identityKey)));
    const all = [...new Map(plans.flatMap((p) => p.identities).filter((i) => queryableBy.includes(i.type)).map((i) => [identityKey(i), i])).values()];
    const reached = all.length === 0 ? [] : [...(await reachRows({ source, driver, keys: all })).values()];
    const rowsOf = keysOf.map((keys) => reached.filter((r) => [...r.keys].some((k) => keys.has(k))));
    const shared = await findSharedPerSubject({ source, driver, subjects: rowsOf });
    return plans.map((plan, k) => {
      try {
        return planDeclaredErasure(rowsOf[k] as ReachedRow[], shared[k] as Set<string>, plan);
      } catch (error) {
        if (error instanceof Error) return error;
        throw error;
      }
    });
  };
  const writeAtomically = (e: DeclaredErasure) => writeAndReclaim(driver, e, options.hashKey);
  return {
    ...descriptor,
    ...(hasDateSearch(driver) ? { expiring: expiringRecords({ source, driver, hashKey: options.hashKey, act }) } : {}),
    ...(hasScan(driver) ? { scannable: scannableRecords({ source, driver, readFailure }) } : {}),

    findByIdentities: (keys: readonly Identity[], find?: FindOptions) => read(async () => {
      const reached = await reachRows({ source, driver, keys: keys.filter((k) => queryableBy.includes(k.type)), signal: find?.signal });
      const byKey = new Map<string, SourceRecord[]>();
      for (const r of visible(reached.values(), find?.includeRestricted ?? false)) {
        const record = toSourceRecord(source, r.collection, r.row);
        // Appended in place: a subject with a long list (1 000 orders) must not copy it once per record.
        for (const k of r.keys) {
          const list = byKey.get(k);
          if (list) list.push(record);
          else byKey.set(k, [record]);
        }
      }
      return keys.map((k) => byKey.get(identityKey(k)) ?? []);
    }),

    health: (signal?: AbortSignal) => read(() => driver.ping(signal)),

    async *exportRecords(subject: SubjectSelector): AsyncGenerator<SourceRecord> {
      try {
        const identities = subject.identities.filter((i) => queryableBy.includes(i.type));
        for await (const r of streamSubjectRows({ source, driver, identities })) yield toSourceRecord(source, r.collection, r.row);
      } catch (error) {
        throw actionFailure(error);
      }
    },

    // Idempotent: the flag is set or cleared, not toggled. Rows a hold keeps stay restricted when a block is lifted.
    restrict: (subject: SubjectSelector, restricted: boolean) => act(async () => {
      let records = 0;
      for (const [collection, rows] of byCollection(await subjectRows(subject))) {
        if (collection.restrictFlag === null) continue;
        const keep = restricted ? rows : rows.filter((r) => collection.retainedUntil === null || r.row[collection.retainedUntil] == null);
        if (keep.length > 0) await driver.update(collection, keep.map((r) => primaryKeyOf(collection, r.row)), { [collection.restrictFlag]: restricted });
        records += keep.length;
      }
      return { records };
    }),

    planErase: (plan: ErasePlan) => act(async () => toEraseResult(await erasure(plan))),

    // Idempotent (the worker may retry after a crash): erased rows no longer match the subject,
    // depersonalized rows hold no identity any more, retained ones are reported again.
    erase: (plan: ErasePlan) => act(async () => {
      const e = await erasure(plan);
      return toEraseResult(e, await writeAtomically(e));
    }),

    planEraseMany: (plans: readonly ErasePlan[]) => act(async () => (await erasures(plans)).map((e) => (e instanceof Error ? e : toEraseResult(e)))),

    // One write per collection for the whole wave (in one transaction where the kind has them).
    // A value one subject's rows hold that the source refuses fails that subject alone: the
    // wave is then written subject by subject.
    eraseMany: (plans: readonly ErasePlan[]) => act(async (): Promise<Array<EraseResult | Error>> => {
      const planned = await erasures(plans);
      const ok = planned.filter((e): e is DeclaredErasure => !(e instanceof Error));
      try {
        await writeAtomically(mergeErasures(ok));
        return planned.map((e) => (e instanceof Error ? e : toEraseResult(e)));
      } catch (error) {
        if (ok.length <= 1 || classifyFailure(error) !== 'refused') throw error;
      }
      const out: Array<EraseResult | Error> = [];
      for (const e of planned) {
        if (e instanceof Error) out.push(e);
        else out.push(await writeAtomically(e).then((counts) => toEraseResult(e, counts), (error: unknown) => actionFailure(error)));
      }
      return out;
    }),

    rectify: (subject: SubjectSelector, changes: Profile) => act(async () => {
      let records = 0;
      const rectified: CollectionDeclaration[] = [];
      for (const [collection, rows] of byCollection(await subjectRows(subject))) {
        const set: Record<string, unknown> = {};
        for (const [field, path] of Object.entries(collection.profile) as Array<[keyof Profile, string]>) {
          if (changes[field] !== undefined && !path.includes('.')) set[path] = canonical(field, changes[field] ?? null);
        }
        if (Object.keys(set).length === 0) continue;
        records += await driver.update(collection, rows.map((r) => primaryKeyOf(collection, r.row)), set);
        rectified.push(collection);
      }
      // The values replaced are personal too: they must not stay in the old row versions.
      if (driver.reclaim && rectified.length > 0) await driver.reclaim(rectified);
      return { records, mode: records > 0 ? ('overwrite' as const) : ('none' as const) };
    }),

    // Only rows an erasure retained are purged, by the ids it reported: a wrong id is a TypeError.
    purgeRecords: (ids: readonly string[]) => act(async () => {
      if (!Array.isArray(ids)) throw new TypeError('expected an array of record ids');
      const parsed = ids.map((id) => parseRecordId(source.collections, id));
      let deleted = 0;
      for (const c of source.collections) {
        const keys = parsed.filter((p) => p.collection === c).map((p) => p.key);
        if (keys.length > 0) deleted += await driver.delete(c, keys);
      }
      if (driver.reclaim && deleted > 0) await driver.reclaim(source.collections.filter((c) => parsed.some((p) => p.collection === c)));
      return { deleted };
    }),

    close: () => driver.close(),
  };
}

const hasDateSearch = (d: CollectionDriver): d is CollectionDriver & Required<Pick<CollectionDriver, 'selectDatedBefore'>> => typeof d.selectDatedBefore === 'function';

const hasScan = (d: CollectionDriver): d is CollectionDriver & Required<Pick<CollectionDriver, 'scan'>> => typeof d.scan === 'function';

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];


/** Emails and phones are written canonical, so the subject stays findable by them. */
function canonical(field: keyof Profile, value: string | null): string | null {
  const type = identityTypeOfProfileField(field);
  if (value === null || !type) return value;
  const identity = normalizeIdentity(type, value);
  return identity instanceof Error ? value : identity.value;
}

/** GraphQL field → category, as the schema checks compare them (`id` and `source` are not personal). */
function collectionFields(c: CollectionDeclaration): Record<string, string | null> {
  const out: Record<string, string | null> = { id: idCategory(c), source: null };
  for (const f of c.fields) out[f.name] = f.category;
  return out;
}

/** A primary key that is itself personal (a customer number, an email) gives `id` its category. */
export function idCategory(c: CollectionDeclaration): string | null {
  const personal = new Map([...c.fields.map((f) => [f.from, f.category] as const), ...c.hidden.map((h) => [h.from, h.category] as const)]);
  for (const path of c.primaryKey) {
    const category = personal.get(path);
    if (category) return category;
  }
  return null;
}

/**
 * What a declared source is, without opening it: the descriptor the schema checks, the planner and
 * the data map read. Capabilities follow the declaration: restriction only where a flag is declared.
 */
export function describeDeclaration(source: SourceDeclaration, typeDefs: string, without: readonly Capability[] = []): ConnectorDescriptor {
  const queryableBy = unique(source.collections.flatMap((c) => c.identities.map((i) => i.type)));
  const can = (c: Capability) => !without.includes(c);
  const capabilities = (['read', 'export', 'delete', 'depersonalize', 'rectify'] as Capability[]).filter(can);
  if (source.collections.some((c) => c.restrictFlag !== null) && can('restrict')) capabilities.push('restrict');
  return {
    name: source.name,
    system: source.system,
    collections: source.collections.map((c) => ({ name: c.name, subjectField: c.subjectField, recordType: c.recordType, fields: collectionFields(c) })),
    categories: unique(source.collections.flatMap((c) => c.hidden.map((h) => h.category))),
    typeDefs,
    queryableBy,
    reveals: queryableBy,
    profileFields: unique(source.collections.flatMap((c) => Object.keys(c.profile) as Array<keyof Profile>)),
    capabilities,
    // A kind that needs no url runs embedded without one (CONTRACT.md §7); the others refuse to start.
    custody: { kind: source.kind, embedded: typeof source.options.url !== 'string' },
    keptWhenDepersonalized: unique(source.collections.flatMap((c) => c.fields.flatMap((f) => (f.category !== null && f.mask.kind === 'keep' ? [f.category] : [])))).sort(),
  };
}
