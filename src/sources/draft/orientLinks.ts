import type { ForeignKey } from './SystemShape';

/** A link as the declaration writes it on `to`: `links: [{ from: <fromCollection>.<fromPath>, to: <toPath> }]`. */
export interface DraftLink {
  readonly fromCollection: string;
  readonly fromPath: string;
  readonly toCollection: string;
  readonly toPath: string;
  /** Why this direction: away from identity, or parent to child on a tie (both ends equally near, or neither reached). */
  readonly basis: 'away' | 'tie' | 'unreached';
}

export interface OrientedLinks {
  readonly links: readonly DraftLink[];
  /** Hops from the nearest collection found by identity; absent: never reached. */
  readonly distance: ReadonlyMap<string, number>;
  /** Foreign keys not written as links, and why (for the reviewer). */
  readonly skipped: ReadonlyArray<{ readonly foreignKey: ForeignKey; readonly reason: string }>;
}

/**
 * Which way each foreign key is followed. The gateway finds rows by identity, then follows links
 * outward from the rows it has (CONTRACT.md §7): a link must point away from the subject.
 *
 * The rule: collections holding an identity are at distance 0; a breadth-first walk over the
 * foreign keys, in either direction, gives every other collection its distance. Each foreign key
 * child.col → parent.key is then followed from its nearer end to its farther end — parent to child
 * (`{ from: parent.key, to: col }` on the child: a customer's orders) when the parent is nearer,
 * child to parent (`{ from: child.col, to: key }` on the parent: the address an order ships to)
 * when the child is. When both ends are equally near (both found by identity), or neither is
 * reached, parent to child — the rows that point at a subject's row are usually the subject's —
 * and the link is marked for review. Self-references (an employee's manager) would reach another
 * person's rows, and composite keys cannot be one link: both are left out, with the reason.
 */
export function orientLinks(options: { collections: readonly string[]; identified: ReadonlySet<string>; foreignKeys: readonly ForeignKey[] }): OrientedLinks {
  const known = new Set(options.collections);
  const skipped: Array<{ foreignKey: ForeignKey; reason: string }> = [];
  const single: ForeignKey[] = [];
  for (const fk of options.foreignKeys) {
    if (!known.has(fk.table) || !known.has(fk.parentTable)) skipped.push({ foreignKey: fk, reason: 'it points outside the tables drafted' });
    else if (fk.table === fk.parentTable) skipped.push({ foreignKey: fk, reason: "a self-reference would reach other people's rows" });
    else if (fk.columns.length !== 1 || fk.parentColumns.length !== 1) skipped.push({ foreignKey: fk, reason: 'a composite key cannot be one link (declare the rows it reaches by hand)' });
    else single.push(fk);
  }
  const distance = walk(options.collections.filter((c) => options.identified.has(c)), single);
  const links = single.map((fk): DraftLink => {
    const child = { collection: fk.table, path: fk.columns[0] as string };
    const parent = { collection: fk.parentTable, path: fk.parentColumns[0] as string };
    const dc = distance.get(child.collection);
    const dp = distance.get(parent.collection);
    const [from, to, basis] = dc === undefined || dp === undefined ? [parent, child, 'unreached' as const]
      : dc < dp ? [child, parent, 'away' as const]
        : dp < dc ? [parent, child, 'away' as const] : [parent, child, 'tie' as const];
    return { fromCollection: from.collection, fromPath: from.path, toCollection: to.collection, toPath: to.path, basis };
  });
  return { links, distance, skipped };
}

function walk(seeds: readonly string[], foreignKeys: readonly ForeignKey[]): Map<string, number> {
  const distance = new Map(seeds.map((s) => [s, 0]));
  let frontier = [...seeds];
  for (let d = 1; frontier.length > 0; d++) {
    const next: string[] = [];
    for (const fk of foreignKeys) {
      for (const [a, b] of [[fk.table, fk.parentTable], [fk.parentTable, fk.table]] as const) {
        if (frontier.includes(a) && !distance.has(b)) {
          distance.set(b, d);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return distance;
}
