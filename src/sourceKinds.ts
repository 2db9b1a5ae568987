import { mongodbKind } from '../connectors/mongodb/mongodbKind';
import { restKind } from '../connectors/rest/restKind';
import { createSqlKind } from '../connectors/sql/createSqlKind';
import type { SourceKind } from './sources/SourceKind';

/** The registry of source kinds: each an adapter written once; sources are declarations (sources/*.yaml). */
export const SOURCE_KINDS: readonly SourceKind[] = [mongodbKind, createSqlKind('postgres'), createSqlKind('mysql'), restKind];
