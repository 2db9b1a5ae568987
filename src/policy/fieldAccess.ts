import type { SchemaAnnotations } from '../schema/readAnnotations';
import type { AccessLevel } from './accessTo';
import { accessTo } from './accessTo';
import type { Policy, Purpose } from './Policy';
import { readsRecordList } from './readsRecordList';

export interface FieldAccessOptions {
  readonly policy: Policy;
  readonly purpose: Purpose;
  readonly annotations: SchemaAnnotations;
  /** "Order.ip" */
  readonly at: string;
  readonly category: string;
}

/**
 * How `purpose` receives one categorised field: the one decision per purpose × category × field
 * that the purpose's served schema enforces (`buildPurposeSchema`) and `myAccess` reports
 * (`describeAccess`). A field of a type reached only under record lists the purpose may not have
 * (`readsRecordList`: the list is FORBIDDEN as a whole) is FORBIDDEN whatever its category — an
 * identifier there is no pseudonym, because its record never arrives; otherwise its category decides.
 */
export function fieldAccess(options: FieldAccessOptions): AccessLevel {
  const { policy, purpose, annotations, at, category } = options;
  const lists = annotations.listedTypes.get(at.split('.')[0] ?? '');
  if (lists && lists.every((list) => !readsRecordList(policy, purpose, annotations.recordLists.get(list) ?? []))) return 'FORBIDDEN';
  return accessTo(policy, purpose, category);
}
