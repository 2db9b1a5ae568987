import type { IResolvers } from '@graphql-tools/utils';
import type { RequestContext } from '../context';
import { ErrorCode, GatewayError, SourceUnavailableError } from '../errors';
import type { AggregateAnswer } from './AggregateQuery';
import type { AggregateInput } from './readAggregateInput';
import { readAggregateInput } from './readAggregateInput';
import { aggregateRecords } from './aggregateRecords';
import { statisticsGate } from './statisticsGate';
import type { StatisticField, StatisticSet } from './StatisticSet';
import { untilAborted } from './untilAborted';

const fieldInfo = (f: StatisticField & { date?: boolean; finest?: string }) => ({ name: f.name, field: f.path, category: f.category, date: f.date ?? false, finest: f.date ? f.finest : null });
const setInfo = (s: StatisticSet) => ({ name: s.name, description: s.description, source: s.source, collection: s.collection, unwind: s.unwind, dimensions: [...s.dimensions.values()].map(fieldInfo), measures: [...s.measures.values()].map(fieldInfo) });

/**
 * `aggregate` and `statisticSets`. The scan goes through the source's own connector (unguarded,
 * as the retention clock's: a whole collection outlasts the per-read timeout) and is audited as one
 * event: the categories read, no subject ids, no values. It has a deadline of its own
 * (STATISTICS_TIMEOUT_MS) and stops when the client goes away: past either, the source did not
 * answer in time for this request (SOURCE_UNAVAILABLE, audited with that code).
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
      const deadline = AbortSignal.timeout(services.config.statisticsTimeoutMs);
      const signal = AbortSignal.any([ctx.signal, deadline]);
      let answer: AggregateAnswer;
      try {
        answer = await aggregateRecords(untilAborted(connector.scannable.scan(query.set.collection), signal), { query, k: services.statistics.k, include });
      } catch (error) {
        if (!signal.aborted || error !== signal.reason) throw error;
        services.logger.warn({ requestId: ctx.requestId, source: query.set.source, stoppedBy: deadline.aborted ? 'STATISTICS_TIMEOUT_MS' : 'client disconnect' }, 'statistics scan stopped');
        ctx.audit.refuse('aggregate', ErrorCode.SOURCE_UNAVAILABLE);
        throw new SourceUnavailableError(query.set.source, error);
      }
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
