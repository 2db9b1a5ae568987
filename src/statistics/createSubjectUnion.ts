import type { Identity } from '../sources/Identity';
import { identityKey } from '../sources/Identity';

/**
 * Who is who among the records of one scan: records that share any identity (an email, a phone,
 * a customer id) are one subject, however many records they are — union-find over identities, so
 * a person whose orders carry two emails and one customer id counts once. Memory grows with the
 * identities seen, never with the records: a record is a number once it is counted.
 */
export function createSubjectUnion(): { subjectOf(identities: readonly Identity[]): number | null; root(subject: number): number } {
  const ids = new Map<string, number>();
  const parent: number[] = [];
  const root = (n: number): number => {
    let r = n;
    while (parent[r] !== r) r = parent[r] as number;
    // Path compression: every later look-up of this chain is one step.
    for (let c = n; parent[c] !== r; ) {
      const next = parent[c] as number;
      parent[c] = r;
      c = next;
    }
    return r;
  };
  return {
    subjectOf(identities) {
      let first: number | null = null;
      for (const identity of identities) {
        const key = identityKey(identity);
        let n = ids.get(key);
        if (n === undefined) {
          n = parent.length;
          parent.push(n);
          ids.set(key, n);
        }
        if (first === null) first = n;
        else {
          const a = root(first);
          const b = root(n);
          if (a !== b) parent[b] = a;
        }
      }
      return first;
    },
    root,
  };
}
