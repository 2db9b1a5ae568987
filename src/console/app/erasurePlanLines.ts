import { formatDate, plural } from './format';

/** `erasurePlan(subject:)` as the console reads it: per source, what an erasure would do now. */
export interface ErasurePlanView {
  readonly sources: ReadonlyArray<{
    readonly source: string;
    /** False when the source could not be asked: the erasure waits for it (no plan is made up). */
    readonly reachable?: boolean | null;
    readonly error?: string | null;
    /** What the source says beyond its actions (e.g. why nothing is done). */
    readonly note?: string | null;
    readonly actions: ReadonlyArray<{
      /** Null for an action on the source as a whole. */
      readonly collection: string | null;
      readonly action: string;
      readonly records: number;
      readonly hold?: string | null;
      readonly until?: string | null;
      /** The hold's legal basis. */
      readonly basis?: string | null;
      readonly reason?: string | null;
    }>;
  }>;
}

/**
 * The erase confirmation's text per source, from the gateway's dry run (the same planning the
 * worker does): deleted, depersonalized, restricted, or kept under a hold until a date.
 */
export function erasurePlanLines(plan: ErasurePlanView): Array<{ source: string; lines: string[] }> {
  return plan.sources.map((s) => {
    if (s.reachable === false) return { source: s.source, lines: [`could not be asked${s.error ? ` (${s.error})` : ''}: the erasure waits until it answers`] };
    const acting = s.actions.filter((a) => a.records > 0);
    const note = s.note ? [s.note] : [];
    if (acting.length === 0) return { source: s.source, lines: note.length ? note : ['holds nothing of this person: nothing to do'] };
    return { source: s.source, lines: [...acting.map(actionLine), ...note] };
  });
}

function actionLine(a: ErasurePlanView['sources'][number]['actions'][number]): string {
  const n = `${a.collection ?? 'the source'}: ${plural(a.records, 'record')}`;
  const why = a.reason ? ` (${a.reason})` : '';
  switch (a.action) {
    case 'DELETE':
      return `${n} deleted${why}`;
    case 'DEPERSONALIZE':
      return `${n} depersonalized: personal fields removed, the rest kept${why}`;
    case 'RESTRICT':
      return `${n} restricted: kept, read by no purpose${why}`;
    case 'RETAIN':
      return `${n} kept${a.hold ? ` under ${a.hold}` : ''}${a.basis ? ` (${a.basis})` : ''}${a.until ? ` until ${formatDate(a.until)}` : ''}, restricted, then destroyed${why}`;
    default:
      return `${n}: ${a.action.toLowerCase()}${why}`;
  }
}
