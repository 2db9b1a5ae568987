import { Kind, parse } from 'graphql';
import { exampleOperations } from './exampleOperations';

/** The names of the explorer's saved operations: the operations every deployment knows by name. */
export function explorerOperationNames(): string[] {
  return parse(exampleOperations.document).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
}
