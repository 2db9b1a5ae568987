import type { DataMapSource } from './ConsoleContext';
import { plural } from './format';

export type ActionKind = 'export' | 'block' | 'unblock' | 'rectify' | 'erase';

/**
 * What an action will do at one source, said before it is confirmed: from the source's declared
 * capabilities and the retention rules and legal holds the data map lists for it.
 */
export function planLines(options: { action: ActionKind; source: DataMapSource; records: number }): string[] {
  const { action, source, records } = options;
  const can = (c: string) => source.capabilities.includes(c);
  const n = plural(records, 'record');
  switch (action) {
    case 'export':
      return [can('export') || can('read') ? `reads ${n} into the export` : 'cannot be read: not in the export'];
    case 'block':
      return [can('restrict') ? `restricts ${n} at the source` : 'cannot restrict: the gateway alone withholds its data', 'every purpose but those that see blocked subjects gets SUBJECT_BLOCKED'];
    case 'unblock':
      return [can('restrict') ? `lifts the restriction of ${n}` : 'nothing to lift at the source'];
    case 'rectify':
      return [can('rectify') ? 'overwrites the profile fields it holds' : can('annotate') ? 'adds a note with the correction (its records are not rewritten)' : 'cannot change its records'];
    case 'erase': {
      if (!can('delete') && !can('depersonalize')) return [`${n}: this source cannot erase; nothing is done`];
      const holds = source.retention.filter((r) => r.startsWith('legal hold'));
      const rules = source.retention.filter((r) => !r.startsWith('legal hold'));
      return [
        `${n}: ${can('depersonalize') ? 'deleted, or depersonalized where the retention rules keep statistics' : 'deleted'}`,
        ...rules.map((r) => `retention: ${r}`),
        ...holds.map((r) => `kept, restricted, where ${r} covers a record; destroyed when the hold ends`),
      ];
    }
  }
}
