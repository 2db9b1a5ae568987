import type { Connector, SourceRecord } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import { IDENTITY_TYPES, identityKey } from '../sources/Identity';
import type { SourceLoaders } from './createSourceLoaders';
import type { Pseudonymizer } from './Pseudonymizer';
import type { SubjectRegistry } from '../state/SubjectRegistry';
import type { SubjectStateDoc, SubjectStatus } from './SubjectState';
import { statusOf } from './SubjectState';

/** One person as every source knows them, after following identities to a fixed point. */
export interface ResolvedSubject {
  readonly id: string;
  readonly identities: readonly Identity[];
  /** Per source: its records for the subject, or the Error that source answered with. */
  readonly records: ReadonlyMap<string, readonly SourceRecord[] | Error>;
  readonly state: SubjectStateDoc | null;
  readonly status: SubjectStatus;
}

export interface ResolveOptions {
  readonly connectors: readonly Connector[];
  readonly loaders: SourceLoaders;
  readonly registry: SubjectRegistry;
  readonly pseudonymizer: Pseudonymizer;
  /** Rounds of following identities; each round is one batched call per source. */
  readonly maxRounds?: number;
  /** Runs each round (tracing wraps it in a span); default: runs it as it is. */
  readonly runRound?: <T>(round: number, run: () => Promise<T>) => Promise<T>;
}

const byDateThenId = (a: SourceRecord, b: SourceRecord): number => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id);

/** Identities are listed in one order whatever ref found them: email, phone, customer id. */
const TYPE_ORDER = Object.fromEntries(IDENTITY_TYPES.map((type, i) => [type, i])) as Record<Identity['type'], number>;

interface Working {
  known: Map<string, Identity>;
  frontier: Identity[];
  records: Map<string, Map<string, SourceRecord>>;
  failures: Map<string, Error>;
}

/**
 * Finds each ref's subject across all sources: email → store orders → customer id → processor;
 * phone → helpdesk; until no new identity appears or `maxRounds` is reached. All refs advance
 * together, so a round is one call per source for the whole batch, whatever its size.
 */
export async function resolveSubjects(refs: readonly Identity[], options: ResolveOptions): Promise<Array<ResolvedSubject | null>> {
  const work: Working[] = refs.map((ref) => ({ known: new Map([[identityKey(ref), ref]]), frontier: [ref], records: new Map(), failures: new Map() }));
  for (let round = 0; round < (options.maxRounds ?? 4) && work.some((w) => w.frontier.length > 0); round++) {
    const all = () => Promise.all(options.connectors.map((connector) => runRound(connector, work, options.loaders)));
    await (options.runRound ? options.runRound(round, all) : all());
    for (const w of work) w.frontier = nextFrontier(w);
  }
  const states = await options.registry.findByIdentities(work.flatMap((w) => [...w.known.values()]));
  return work.map((w) => toSubject(w, states, options));
}

async function runRound(connector: Connector, work: Working[], loaders: SourceLoaders): Promise<void> {
  const loader = loaders.get(connector.name);
  if (!loader) throw new TypeError(`expected a loader for source "${connector.name}", got none`);
  const asks = work.map((w) => w.frontier.filter((id) => connector.queryableBy.includes(id.type)).map(identityKey));
  const results = await loader.loadMany(asks.flat());
  let at = 0;
  asks.forEach((keys, i) => {
    const w = work[i] as Working;
    for (const _ of keys) {
      const result = results[at++];
      if (result instanceof Error) w.failures.set(connector.name, result);
      else if (result) {
        const bySource = w.records.get(connector.name) ?? new Map<string, SourceRecord>();
        for (const record of result) bySource.set(record.id, record);
        w.records.set(connector.name, bySource);
      }
    }
  });
}

function nextFrontier(w: Working): Identity[] {
  const fresh: Identity[] = [];
  for (const bySource of w.records.values()) {
    for (const record of bySource.values()) {
      for (const identity of record.identities) {
        const key = identityKey(identity);
        if (!w.known.has(key)) {
          w.known.set(key, identity);
          fresh.push(identity);
        }
      }
    }
  }
  return fresh;
}

function toSubject(w: Working, states: readonly SubjectStateDoc[], options: ResolveOptions): ResolvedSubject | null {
  const identities = [...w.known.values()].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || a.value.localeCompare(b.value));
  const found = [...w.records.values()].some((m) => m.size > 0);
  const hashes = new Set(identities.map((i) => options.pseudonymizer.identityHash(i)));
  const state = states.find((s) => s.identityHashes.some((h) => hashes.has(h))) ?? null;
  // Nobody holds the ref and we never knew it: the contract's null (also when a source that
  // might know it failed: a null then says "not found among the sources that answered").
  if (!found && !state) return null;
  const records = new Map<string, readonly SourceRecord[] | Error>();
  for (const connector of options.connectors) {
    const failure = w.failures.get(connector.name);
    // Oldest first, whichever identity found a record first: the same subject reads the same way.
    records.set(connector.name, failure ?? [...(w.records.get(connector.name)?.values() ?? [])].sort(byDateThenId));
  }
  return {
    id: state?._id ?? options.pseudonymizer.subjectIdFor(identities),
    // An erased subject's identities are not known any more, only their hashes; what a held
    // record still reveals is shown to the purposes that may see it.
    identities: found ? identities : [],
    records,
    state,
    status: statusOf(state),
  };
}
