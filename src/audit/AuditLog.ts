import type { DocumentCollection, DocumentStore, Filter } from '../store/DocumentStore';
import { DuplicateKeyError } from '../store/DocumentStore';
import type { AuditEventBody, AuditEventDoc } from './AuditEvent';
import { auditId, hashEvent } from './AuditEvent';

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  firstBrokenId: string | null;
  reason: string | null;
}

interface Pending {
  body: AuditEventBody;
  resolve: (doc: AuditEventDoc) => void;
  reject: (error: unknown) => void;
}

/**
 * The append-only, hash-chained access log. Appends are group-committed: events that arrive
 * while a write is in flight are chained and written together, so the chain stays linear and
 * the log costs one store write per batch, not per request. `_id` is derived from `seq`, so two
 * gateway instances over one MongoDB cannot both write the same link: the loser reloads the head
 * and chains again.
 */
export class AuditLog {
  private readonly events: DocumentCollection<AuditEventDoc>;
  private head: { seq: number; hash: string | null } | null = null;
  private pending: Pending[] = [];
  private writing: Promise<void> | null = null;

  constructor(store: DocumentStore) {
    this.events = store.collection<AuditEventDoc>('audit_events');
  }

  async init(): Promise<void> {
    await this.events.createIndex({ seq: 1 }, { unique: true });
    await this.events.createIndex({ subjectIds: 1 });
  }

  /** Resolves once the event is durably stored; rejects if it could not be (the caller then returns no data). */
  append(body: AuditEventBody): Promise<AuditEventDoc> {
    return new Promise((resolve, reject) => {
      this.pending.push({ body, resolve, reject });
      if (!this.writing) this.writing = this.drain().finally(() => (this.writing = null));
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 500);
      try {
        const docs = await this.writeBatch(batch.map((p) => p.body));
        batch.forEach((p, i) => p.resolve(docs[i] as AuditEventDoc));
      } catch (error) {
        this.head = null;
        batch.forEach((p) => p.reject(error));
      }
    }
  }

  private async writeBatch(bodies: AuditEventBody[]): Promise<AuditEventDoc[]> {
    for (let attempt = 0; ; attempt++) {
      const head = this.head ?? (await this.loadHead());
      const docs: AuditEventDoc[] = [];
      let prev = head;
      for (const body of bodies) {
        const seq = prev.seq + 1;
        const unhashed = { ...body, _id: auditId(seq), seq, prevHash: prev.hash };
        const doc = { ...unhashed, hash: hashEvent(unhashed) };
        docs.push(doc);
        prev = { seq, hash: doc.hash };
      }
      try {
        await this.events.insertMany(docs);
        this.head = prev;
        return docs;
      } catch (error) {
        if (!(error instanceof DuplicateKeyError) || attempt >= 5) throw error;
        this.head = null; // another instance appended: chain after its events
      }
    }
  }

  private async loadHead(): Promise<{ seq: number; hash: string | null }> {
    const last = await this.events.findOne({}, { sort: { seq: -1 } });
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: null };
  }

  /** Newest first; `after` is the cursor of the last event of the previous page. */
  async list(options: { subjectIds?: readonly string[]; first: number; after?: string | null }): Promise<{ events: AuditEventDoc[]; hasNextPage: boolean }> {
    const filter: Filter = {};
    if (options.subjectIds) filter.subjectIds = { $in: [...options.subjectIds] };
    if (options.after) filter.seq = { $lt: decodeCursor(options.after) };
    const events = await this.events.find(filter, { sort: { seq: -1 }, limit: options.first + 1 });
    return { events: events.slice(0, options.first), hasNextPage: events.length > options.first };
  }

  /** Walks the whole chain in order; names the first event whose hash or link does not hold. */
  async verify(): Promise<AuditVerification> {
    let prevHash: string | null = null;
    let expectedSeq = 1;
    let checked = 0;
    for await (const event of this.events.iterate({}, { sort: { seq: 1 }, batchSize: 1000 })) {
      const { hash, ...unhashed } = event;
      const broken =
        event.seq !== expectedSeq ? `expected seq ${expectedSeq}, got ${event.seq} (an event is missing)`
        : event.prevHash !== prevHash ? 'expected prevHash to be the previous event\'s hash'
        : hashEvent(unhashed) !== hash ? 'expected the stored hash to match the event\'s content (the event was altered)'
        : null;
      if (broken) return { ok: false, checked, firstBrokenSeq: event.seq, firstBrokenId: event._id, reason: broken };
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    return { ok: true, checked, firstBrokenSeq: null, firstBrokenId: null, reason: null };
  }
}

export const encodeCursor = (seq: number): string => Buffer.from(`seq:${seq}`).toString('base64url');
export function decodeCursor(cursor: string): number {
  const m = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new TypeError('expected a cursor from a previous page');
  return Number(m[1]);
}
