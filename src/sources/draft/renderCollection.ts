import type { Document, Node } from 'yaml';
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { CollectionPlan } from './planCollection';
import type { FieldDraft } from './draftFields';
import type { DraftLink } from './orientLinks';

/** The markers a reviewer searches for: `guessed … review` on every guess, `REVIEW` where nothing was guessed. */
const REVIEW_MARKS = {
  name: ' guessed from the column name: review',
  values: ' guessed from the values: review',
  type: ' guessed from the column type (a date): review',
  container: ' guessed: an object, its fields carry their own categories: review',
  unguessed: ' REVIEW: not guessed: write its category (null: not personal); the gateway refuses the file until then',
} as const;

const LINK_NOTES: Record<DraftLink['basis'], string> = {
  away: ' from a foreign key, followed away from the rows found by identity',
  tie: ' REVIEW: from a foreign key; both ends are found by identity, so it is followed parent to child: keep it if those rows are the subject\'s',
  unreached: ' REVIEW: from a foreign key between tables no identity reaches: followed parent to child',
};

/**
 * One collection of the draft as YAML, comments included: identities, key, date and profile,
 * links, then every field — a flow map per value, a block map per object — each with its mark.
 * `notes` become comments above the collection's keys (no primary key, rows no identity reaches).
 */
export function renderCollection(doc: Document, options: { plan: CollectionPlan; links: readonly DraftLink[]; notes: readonly string[] }): YAMLMap {
  const { plan } = options;
  const out = new YAMLMap();
  if (options.notes.length > 0) out.commentBefore = options.notes.map((n) => ` ${n}`).join('\n');
  if (plan.identities.size > 0) {
    const value = doc.createNode(Object.fromEntries([...plan.identities].map(([type, paths]) => [type, paths.length === 1 ? paths[0] : paths])), { flow: true });
    value.comment = ' guessed from the fields below: review';
    out.add(new Pair('identities', value));
  }
  if (plan.shape.primaryKey.length > 0) out.add(new Pair('primaryKey', doc.createNode([...plan.shape.primaryKey], { flow: true })));
  if (plan.createdAt !== null) out.add(new Pair('createdAt', commented(plan.createdAt, ' guessed: the record\'s date, retention counts from it: review')));
  if (Object.keys(plan.profile).length > 0) {
    const value = doc.createNode(plan.profile, { flow: true });
    value.comment = ' guessed: review';
    out.add(new Pair('profile', value));
  }
  if (options.links.length > 0) {
    const links = new YAMLSeq();
    for (const link of options.links) {
      const item = doc.createNode({ from: `${link.fromCollection}.${link.fromPath}`, to: link.toPath }, { flow: true });
      item.comment = LINK_NOTES[link.basis];
      links.items.push(item);
    }
    out.add(new Pair('links', links));
  }
  out.add(new Pair('fields', renderFields(doc, plan.fields)));
  return out;
}

function renderFields(doc: Document, fields: readonly FieldDraft[]): YAMLMap {
  const map = new YAMLMap();
  for (const f of fields) {
    const spec: Record<string, unknown> = {};
    if (f.name !== f.column.name) spec.from = f.column.name;
    if (!f.covered && f.guess.category !== undefined) spec.category = f.guess.category;
    if (f.fields === null) spec.type = f.column.list ? `[${f.column.scalar ?? 'String'}!]` : f.column.scalar ?? 'String';
    if (f.fields !== null && f.column.list) spec.list = true;
    const value = doc.createNode(spec, { flow: f.fields === null }) as YAMLMap;
    const mark = markOf(f);
    if (f.fields !== null) {
      value.add(new Pair('fields', renderFields(doc, f.fields)));
      const key = new Scalar(f.name);
      if (mark) key.comment = mark;
      map.add(new Pair(key, value));
    } else {
      if (mark) value.comment = mark;
      map.add(new Pair(f.name, value));
    }
  }
  return map;
}

function markOf(f: FieldDraft): string | null {
  const mixed = f.column.mixed ? ' (values of different shapes in the sample: read as text)' : '';
  if (f.covered) return mixed ? ` REVIEW:${mixed}` : null;
  if (f.guess.category === undefined) return REVIEW_MARKS.unguessed + mixed;
  if (f.fields !== null && f.guess.basis === null) return REVIEW_MARKS.container;
  return (f.guess.basis === null ? REVIEW_MARKS.name : REVIEW_MARKS[f.guess.basis]) + mixed;
}

function commented(value: string, comment: string): Node {
  const node = new Scalar(value);
  node.comment = comment;
  return node;
}
