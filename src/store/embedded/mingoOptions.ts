import type { Options } from 'mingo/types/types';
import { Context, queryOperators } from './mingo';
import { setBackedIn, setBackedNin } from './setBackedIn';

const { $and, $elemMatch, $eq, $exists, $gt, $gte, $lt, $lte, $ne, $or } = queryOperators;

/**
 * How the embedded store asks mingo: with a context of exactly the port's query operators (see
 * validateFilter), so that an operator the validator ever let through by mistake fails in mingo
 * too rather than meaning something here that the MongoDB adapter was never tested for; with
 * scripts off (`$where`, `$function`); and with MongoDB's strict mode.
 */
export const mingoOptions: Partial<Options> = {
  context: Context.init({ query: { $and, $elemMatch, $eq, $exists, $gt, $gte, $in: setBackedIn, $lt, $lte, $ne, $nin: setBackedNin, $or } }),
  scriptEnabled: false,
  useStrictMode: true,
};
