import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { ErrorCode, GatewayError } from '../errors';
import type { AggregateInput } from './readAggregateInput';
import { readAggregateInput } from './readAggregateInput';
import { aggregateRecords } from './aggregateRecords';
import { statisticsGate } from './statisticsGate';
import type { StatisticField, StatisticSet } from './StatisticSet';

const fieldInfo = (f: StatisticField & { date?: boolean; finest?: string }) => ({ name: f.name, field: f.path, category: f.category, date: f.date ?? false, finest: f.date ? f.finest : null });
const setInfo = (s: StatisticSet) => ({ name: s.name, description: s.description, source: s.source, collection: s.collection, unwind: s.unwind, dimensions: [...s.dimensions.values()].map(fieldInfo), measures: [...s.measures.values()].map(fieldInfo) });

/**
 * `aggregate` and `statisticSets`. The scan goes through the source's own connector (unguarded,
 * as the retention clock's: a whole collection outlasts the per-read timeout) and is audited as one
 * event: the categories read, no subject ids, no values.
 */
export const aggregateResolvers: IResolvers<unknown, RequestContext> = {
  Query: {
    aggregate: async (_: unknown, args: { input: AggregateInput }, ctx: RequestContext) => {
      const { services, purpose } = ctx;
      // The schema's rule refuses other purposes first; this holds even for a schema built without it.
      if (!purpose.depersonalized) throw new GatewayError(ErrorCode.FORBIDDEN, `aggregate is not allowed for purpose "${purpose.id}": statistics are for depersonalized purposes`);
      const query = readAggregateInput(args.input, { statistics: services.statistics, policy: services.policy, purpose });
      const connector = services.connectors.find((c) => c.name === query.set.source)?.inner;
      if (!connector?.scannable) throw new TypeError(`expected source "${query.set.source}" to list its records (checked at start-up)`);
      ctx.audit.touched = true;
      for (const f of [...query.groupBy.map((g) => g.dimension), ...query.measures, ...query.where.map((w) => w.dimension)]) if (f.category !== null) ctx.audit.categories.add(f.category);
      const include = await statisticsGate({ policy: services.policy, purpose, registry: services.registry, pseudonymizer: services.pseudonymizer });
      const answer = await aggregateRecords(connector.scannable.scan(query.set.collection), { query, k: services.statistics.k, include });
      return {
        set: query.set.name,
        k: services.statistics.k,
        groupBy: query.groupBy.map((g) => g.dimension.name),
        measures: query.measures.map((m) => m.name),
        groups: answer.groups.map((g) => ({
          keys: g.keys.map((value, i) => ({ dimension: (query.groupBy[i] as (typeof query.groupBy)[number]).dimension.name, value })),
          subjects: g.subjects,
          count: g.count,
          sums: g.sums.map((value, i) => ({ measure: (query.measures[i] as StatisticField).name, value })),
        })),
        suppressed: answer.suppressed,
      };
    },
    statisticSets: (_: unknown, __: unknown, ctx: RequestContext) => ({ k: ctx.services.statistics.k, sets: [...ctx.services.statistics.sets.values()].map(setInfo) }),
  },
};
