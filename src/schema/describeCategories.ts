import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { GraphQLSchema } from 'graphql';
import { accessTo } from '../policy/accessTo';
import type { Policy } from '../policy/Policy';
import type { SchemaAnnotations } from './readAnnotations';

/**
 * Each personal field's description states its category and which purposes read it (as the
 * value or as a pseudonym), from the policy the gateway enforces: one schema serves every
 * purpose, so a client author reads there which fields come back null with `FORBIDDEN`.
 */
export function describeCategories(schema: GraphQLSchema, annotations: SchemaAnnotations, policy: Policy): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (config, fieldName, typeName) => {
      const annotation = annotations.fields.get(`${typeName}.${fieldName}`);
      if (annotation?.kind === 'identifierValue') return { ...config, description: join(config.description, 'Personal data: its category follows the identifier\'s `type` (see `myAccess.identities`).') };
      if (annotation?.kind !== 'category') return config;
      return { ...config, description: join(config.description, categoryNote(annotation.category, policy)) };
    },
  });
}

function categoryNote(category: string, policy: Policy): string {
  const by = (level: string) => [...policy.purposes.values()].filter((p) => accessTo(policy, p, category) === level).map((p) => `\`${p.id}\``);
  const read = by('READ');
  const pseudonym = by('PSEUDONYM');
  const about = policy.categories.get(category)?.description;
  return [
    `Personal data, category \`${category}\`${about ? ` (${about})` : ''}.`,
    `Read by ${read.length ? read.join(', ') : 'no purpose'}${pseudonym.length ? `; as a keyed pseudonym by ${pseudonym.join(', ')}` : ''}; null with \`FORBIDDEN\` for any other purpose.`,
  ].join(' ');
}

const join = (description: string | null | undefined, note: string) => (description ? `${description}\n\n${note}` : note);
