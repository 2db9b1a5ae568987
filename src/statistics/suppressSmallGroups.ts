/** A group as counted, before release: its distinct subjects (union-find roots) and whether it holds records no longer tied to anyone. */
export interface CountedGroup {
  readonly key: string;
  readonly subjects: ReadonlySet<number>;
  /** Records with no identity left (depersonalized): each may be anyone's, so they add a person only to a group with none. */
  readonly anonymous: boolean;
  readonly count: number;
}

/** The fewest distinct people the records of these groups can belong to. */
export function subjectsIn(groups: readonly CountedGroup[]): number {
  const all = new Set<number>();
  let anonymous = false;
  for (const g of groups) {
    for (const s of g.subjects) all.add(s);
    anonymous ||= g.anonymous;
  }
  return all.size + (all.size === 0 && anonymous ? 1 : 0);
}

/**
 * k-suppression with a complement of at least k. Primary: every group of fewer than `k` distinct
 * subjects is withheld. Secondary: the withheld groups together are what a coarser query minus
 * the released groups gives away (the total of the set, less what was shown), so while they hold
 * fewer than `k` subjects the smallest released group is withheld too. An answer therefore shows
 * only groups of at least `k` subjects, and what it hides is either nothing or at least `k`
 * subjects — unless everything is hidden, and then the caller says nothing of the hidden part.
 */
export function suppressSmallGroups<G extends CountedGroup>(groups: readonly G[], k: number): { released: G[]; suppressed: G[] } {
  const size = new Map(groups.map((g) => [g, subjectsIn([g])]));
  const released = groups.filter((g) => (size.get(g) as number) >= k);
  const suppressed = groups.filter((g) => (size.get(g) as number) < k);
  const byKey = (a: G, b: G) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  if (suppressed.length === 0) return { released: released.sort(byKey), suppressed };
  // Smallest first (then fewest records, then key): the cheapest group to give up, the same every time.
  released.sort((a, b) => (size.get(a) as number) - (size.get(b) as number) || a.count - b.count || byKey(a, b));
  while (released.length > 0 && subjectsIn(suppressed) < k) suppressed.push(released.shift() as G);
  released.sort(byKey);
  return { released, suppressed };
}
