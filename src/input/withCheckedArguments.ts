import type { IFieldResolver, IResolvers } from '@graphql-tools/utils';
import { checkArgumentText } from './checkArgumentText';

/**
 * Root resolvers whose arguments pass `checkArgumentText` before they run: the one boundary
 * every string a caller sends crosses, before any source or store is called.
 */
export function withCheckedArguments<T extends IResolvers>(resolvers: T): T {
  const out: Record<string, unknown> = { ...resolvers };
  for (const root of ['Query', 'Mutation'] as const) {
    const fields = resolvers[root] as Record<string, IFieldResolver<unknown, unknown>> | undefined;
    if (!fields) continue;
    out[root] = Object.fromEntries(
      Object.entries(fields).map(([name, resolve]) => [
        name,
        (parent: unknown, args: Record<string, unknown>, ctx: unknown, info: Parameters<IFieldResolver<unknown, unknown>>[3]) => {
          checkArgumentText(args, '');
          return resolve(parent, args, ctx, info);
        },
      ]),
    );
  }
  return out as T;
}
