import type { ConnectorDescriptor } from './Connector';

/**
 * Every category a source holds: its exposed fields' and what it holds besides (profile values,
 * identities, columns kept for linking). Retention rules, holds and the data map read this.
 */
export function sourceCategories(source: Pick<ConnectorDescriptor, 'collections' | 'categories'>): string[] {
  const set = new Set(source.categories);
  for (const c of source.collections) for (const category of Object.values(c.fields)) if (category !== null) set.add(category);
  return [...set].sort();
}
