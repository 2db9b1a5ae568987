import type { DocumentStore } from '../store/DocumentStore';
import type { Identity } from '../sources/Identity';
import type { Pseudonymizer } from './Pseudonymizer';
import type { SubjectStateDoc } from './SubjectState';

/** The gateway's subject states, looked up by keyed identity hashes. One query per batch. */
export class SubjectRegistry {
  private readonly subjects;
  constructor(store: DocumentStore, private readonly pseudonymizer: Pseudonymizer) {
    this.subjects = store.collection<SubjectStateDoc>('subjects');
  }

  async init(): Promise<void> {
    await this.subjects.createIndex({ identityHashes: 1 });
  }

  /** States whose identity hashes meet any of `identities`: one store query for the whole batch. */
  async findByIdentities(identities: readonly Identity[]): Promise<SubjectStateDoc[]> {
    if (identities.length === 0) return [];
    const hashes = [...new Set(identities.map((i) => this.pseudonymizer.identityHash(i)))];
    return this.subjects.find({ identityHashes: { $in: hashes } });
  }

  get(id: string): Promise<SubjectStateDoc | null> {
    return this.subjects.findOne({ _id: id });
  }

  /** Creates the state on first write, and records any identity hashes it did not hold yet. */
  async ensure(id: string, identities: readonly Identity[]): Promise<SubjectStateDoc> {
    const hashes = identities.map((i) => this.pseudonymizer.identityHash(i));
    const now = new Date().toISOString();
    const existing = await this.subjects.findOne({ _id: id });
    if (!existing) {
      await this.subjects.updateOne(
        { _id: id },
        { $set: { identityHashes: [...new Set(hashes)], blocked: false, blockedReason: null, erasing: null, erasedAt: null, consents: [], updatedAt: now } },
        { upsert: true },
      );
    } else {
      const merged = [...new Set([...existing.identityHashes, ...hashes])];
      if (merged.length !== existing.identityHashes.length) await this.subjects.updateOne({ _id: id }, { $set: { identityHashes: merged, updatedAt: now } });
    }
    return (await this.subjects.findOne({ _id: id })) as SubjectStateDoc;
  }

  async update(id: string, set: Partial<Omit<SubjectStateDoc, '_id'>>): Promise<void> {
    await this.subjects.updateOne({ _id: id }, { $set: { ...set, updatedAt: new Date().toISOString() } });
  }

  /**
   * Claims the subject for an erasure: succeeds only if no other erasure holds it, so that
   * concurrent requests for one subject make one request. Returns the holder's request id.
   */
  async claimErasure(id: string, requestId: string): Promise<string> {
    const claimed = await this.subjects.findOneAndUpdate(
      { _id: id, erasing: null, erasedAt: null },
      { $set: { erasing: requestId, updatedAt: new Date().toISOString() } },
    );
    if (claimed) return requestId;
    const current = await this.subjects.findOne({ _id: id });
    return current?.erasing ?? requestId;
  }
}
