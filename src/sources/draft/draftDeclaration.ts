import { Document, Pair, Scalar, YAMLMap } from 'yaml';
import { orientLinks } from './orientLinks';
import { planCollection } from './planCollection';
import { renderCollection } from './renderCollection';
import type { SystemShape } from './SystemShape';

export interface DeclarationTarget {
  /** The source name (a key under `sources:`). */
  readonly name: string;
  readonly kind: 'postgres' | 'mysql' | 'mongodb';
  /** postgres: the schema read (written as `schema:`). */
  readonly schema?: string | null;
  /** mongodb: the database read (written as `database:`), when it came from a URL. */
  readonly database?: string | null;
}

const HEADER = [
  ' Drafted by `npm run draft-source` from a live system. Review it before the gateway uses it:',
  ' every guessed category says "guessed …: review"; a field marked REVIEW has no category yet,',
  ' and the gateway refuses to start until each has one (null: not personal data). Deny by default.',
].join('\n');

/**
 * A declaration in our format (CONTRACT.md §7) for what was read: every table and column, the
 * primary keys, foreign keys as links oriented away from the rows found by identity, and a
 * category guessed for every column or left for review. Pure: the same shape gives the same text.
 */
export function draftDeclaration(shape: SystemShape, target: DeclarationTarget): string {
  const recordKey = (primaryKey: readonly string[]) => (target.kind === 'mongodb' ? ['_id'] : primaryKey.length === 1 && primaryKey[0] === 'id' ? ['id'] : []);
  const plans = shape.collections.map((c) => planCollection(c, { recordKey: recordKey(c.primaryKey) }));
  const oriented = orientLinks({
    collections: plans.map((p) => p.shape.name),
    identified: new Set(plans.filter((p) => p.identities.size > 0).map((p) => p.shape.name)),
    foreignKeys: shape.foreignKeys,
  });
  const doc = new Document();
  const collections = new YAMLMap();
  for (const plan of plans) {
    const name = plan.shape.name;
    const notes = [
      ...(plan.shape.primaryKey.length === 0 ? ['REVIEW: the table has no primary key: declare `primaryKey: [column, …]` (the gateway refuses it without one)'] : []),
      ...(oriented.distance.has(name) ? [] : ['REVIEW: no identity and no link reaches these rows, so the gateway never reads them for a subject: declare an identity or a link, or leave the collection out']),
      ...oriented.skipped.filter((s) => s.foreignKey.table === name).map((s) => `REVIEW: foreign key (${s.foreignKey.columns.join(', ')}) → ${s.foreignKey.parentTable} (${s.foreignKey.parentColumns.join(', ')}) is not a link: ${s.reason}`),
    ];
    collections.add(new Pair(name, renderCollection(doc, { plan, links: oriented.links.filter((l) => l.toCollection === name), notes })));
  }
  const source = new YAMLMap();
  if (shape.notes.length > 0) source.commentBefore = shape.notes.map((n) => ` REVIEW: ${n}`).join('\n');
  source.add(new Pair('kind', target.kind));
  const url = new Scalar(`\${${target.name.toUpperCase()}_${target.kind === 'mongodb' ? 'MONGODB' : 'DATABASE'}_URL}`);
  url.comment = target.kind === 'mysql' ? ' the server to read (not written here: a URL may carry a password)' : ' the server to read (not written here: a URL may carry a password); unset: embedded under GATEWAY_DATA_DIR';
  source.add(new Pair('url', url));
  source.add(new Pair('description', `Drafted from ${target.kind} ${shape.database}: say what the system is`));
  if (target.kind === 'postgres' && target.schema) source.add(new Pair('schema', target.schema));
  if (target.kind === 'mongodb' && target.database) source.add(new Pair('database', target.database));
  const farthest = Math.max(0, ...oriented.distance.values());
  if (farthest > 4) source.add(new Pair('maxHops', Math.min(10, farthest)));
  source.add(new Pair('collections', collections));
  const sources = new YAMLMap();
  sources.add(new Pair(target.name, source));
  const root = new YAMLMap();
  root.add(new Pair('sources', sources));
  doc.contents = root;
  doc.commentBefore = HEADER;
  return doc.toString({ lineWidth: 0 });
}
