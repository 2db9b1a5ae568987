import type { ConsoleSettings } from '../consoleSettings';
import type { DataMap } from '../../policy/buildDataMap';
import type { Credentials } from './api';
import type { SchemaInfo } from './schemaInfo';
import type { Session } from './session';
import type { SubjectRefInput } from './subjectHandle';

/** What every view of the signed-in console reads: who, with which purpose, and what the gateway offers. */
export interface ConsoleContext {
  readonly session: Session;
  readonly settings: ConsoleSettings;
  readonly schema: SchemaInfo;
  readonly dataMap: DataMap;
  /** The purposes the token's roles may declare. */
  readonly declarable: readonly string[];
  /** Token and a purpose: the session's, or one the officer may declare for "seen as". */
  credentials(purpose?: string): Credentials;
  /** A person to open in the person view (a queue row's subject): held in memory only, taken once. */
  readonly handoff: { ref: SubjectRefInput | null };
}

export type DataMapPurpose = DataMap['purposes'][number];
export type DataMapSource = DataMap['sources'][number];
