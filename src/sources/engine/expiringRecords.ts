import type { ExpiringRecords, RetentionPlan } from '../Connector';
import type { SourceDeclaration } from '../declarations/SourceDeclaration';
import type { CollectionDriver } from './CollectionDriver';
import { holdsPersonalData, toEraseResult } from './planDeclaredErasure';
import { planExpiredErasure } from './planExpiredErasure';
import type { ReachedRow } from './reachRows';
import { recordId } from './recordId';
import { matchKey, valuesAt } from './valuesAt';
import { writeAndReclaim } from './writeErasure';

/**
 * The retention clock's entry into a declared source: one query per dated collection for the
 * rows past their period, then the erasure's own writes. A row that rows of another collection
 * point at (a ticket, its messages) is past its period only when every row pointing at it is
 * too: a ticket's period runs from its last message, and destroying it would take younger
 * messages with it.
 */
export function expiringRecords(options: { source: SourceDeclaration; driver: CollectionDriver & Required<Pick<CollectionDriver, 'selectDatedBefore'>>; hashKey: string; act: <R>(op: () => Promise<R>) => Promise<R> }): ExpiringRecords {
  const { source, driver, hashKey } = options;
  const expired = async (plan: RetentionPlan) => {
    const rows = new Map<string, ReachedRow>();
    await Promise.all(source.collections.map(async (c) => {
      const rule = plan.collections.get(c.name);
      if (!rule || c.createdAt === null || !holdsPersonalData(c)) return;
      for (const row of await driver.selectDatedBefore(c, { path: c.createdAt, before: rule.before })) {
        const id = recordId(c, row);
        rows.set(id, { collection: c, row, id, keys: new Set(), byIdentity: c.identities.length > 0 });
      }
    }));
    await dropPointedAtByLiving(rows);
    return planExpiredErasure([...rows.values()], plan, hashKey);
  };

  /**
   * One select per reference edge from the expired rows' collections into a dated collection of
   * personal data (a product catalogue an order points at keeps no order alive).
   */
  const dropPointedAtByLiving = async (rows: Map<string, ReachedRow>) => {
    for (const edge of source.edges) {
      const parents = [...rows.values()].filter((r) => r.collection.name === edge.fromCollection);
      const child = source.collections.find((c) => c.name === edge.toCollection);
      if (parents.length === 0 || !child || child.createdAt === null || !holdsPersonalData(child)) continue;
      const values = [...new Map(parents.flatMap((p) => valuesAt(p.row, edge.fromPath)).map((v) => [matchKey(v), v])).values()];
      const living = new Set<string>();
      for (const row of await driver.select(child, [{ path: edge.toPath, values }])) {
        if (!rows.has(recordId(child, row))) for (const v of valuesAt(row, edge.toPath)) living.add(matchKey(v));
      }
      for (const p of parents) if (valuesAt(p.row, edge.fromPath).some((v) => living.has(matchKey(v)))) rows.delete(p.id);
    }
  };

  return {
    plan: (plan) => options.act(async () => toEraseResult(await expired(plan))),
    erase: (plan) => options.act(async () => {
      const e = await expired(plan);
      return toEraseResult(e, await writeAndReclaim(driver, e, hashKey));
    }),
  };
}
