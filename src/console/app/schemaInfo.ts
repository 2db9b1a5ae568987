import type { Credentials } from './api';
import { graphqlData } from './api';

interface TypeRef {
  readonly kind: string;
  readonly name: string | null;
  readonly ofType: TypeRef | null;
}

interface IntrospectedType {
  readonly kind: string;
  readonly name: string;
  readonly fields: ReadonlyArray<{ readonly name: string; readonly args: ReadonlyArray<{ readonly name: string; readonly type?: TypeRef }>; readonly type: TypeRef }> | null;
  readonly inputFields?: ReadonlyArray<{ readonly name: string }> | null;
  readonly enumValues: ReadonlyArray<{ readonly name: string }> | null;
}

const QUERY = `query ConsoleSchema {
  __schema {
    queryType { name }
    mutationType { name }
    types { kind name enumValues { name } inputFields { name } fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }
  }
}`;

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);

/**
 * The gateway's schema as the officer's purpose sees it, read by introspection: what the console
 * may ask for. Panels for fields that other parts of the gateway add (objections, disclosures,
 * retention runs) appear only when the schema has them.
 */
export class SchemaInfo {
  private readonly types: ReadonlyMap<string, IntrospectedType>;

  constructor(types: readonly IntrospectedType[], private readonly roots: { query: string; mutation: string | null }) {
    this.types = new Map(types.map((t) => [t.name, t]));
  }

  hasField(type: string, field: string): boolean {
    return this.types.get(type)?.fields?.some((f) => f.name === field) ?? false;
  }

  /** Whether `type.field` takes `arg` (arguments other parts of the gateway add, like idempotency keys). */
  hasArgument(type: string, field: string, arg: string): boolean {
    return this.types.get(type)?.fields?.find((f) => f.name === field)?.args.some((a) => a.name === arg) ?? false;
  }

  /**
   * Whether a mutation's `input` object has the field `name` (`exportSubject(input: { idempotencyKey })`):
   * how the console learns what other parts of the gateway add to its mutations.
   */
  mutationInputHas(mutation: string, name: string): boolean {
    if (this.roots.mutation === null) return false;
    const input = this.types.get(this.roots.mutation)?.fields?.find((f) => f.name === mutation)?.args.find((a) => a.name === 'input');
    const type = input?.type ? named(input.type).name : null;
    return type !== null && (this.types.get(type)?.inputFields ?? []).some((i) => i.name === name);
  }

  hasQuery(field: string): boolean {
    return this.hasField(this.roots.query, field);
  }

  hasMutation(field: string): boolean {
    return this.roots.mutation !== null && this.hasField(this.roots.mutation, field);
  }

  /** The values of an enum (request types and statuses grow as other parts of the gateway add them). */
  enumValues(type: string): string[] {
    return (this.types.get(type)?.enumValues ?? []).map((v) => v.name);
  }

  /** The named type a field returns (through lists and non-null), or null. */
  fieldType(type: string, field: string): string | null {
    const f = this.types.get(type)?.fields?.find((x) => x.name === field);
    return f ? named(f.type).name : null;
  }

  /** A selection set of every argument-free field of `type`, objects `depth` levels down. */
  selection(type: string, depth = 2): string {
    const fields = this.types.get(type)?.fields ?? [];
    const parts: string[] = [];
    for (const f of fields) {
      if (f.args.length > 0) continue;
      const target = named(f.type);
      if (target.kind === 'SCALAR' || target.kind === 'ENUM') parts.push(f.name);
      else if (target.kind === 'OBJECT' && target.name && depth > 0) {
        const inner = this.selection(target.name, depth - 1);
        if (inner) parts.push(`${f.name} ${inner}`);
      }
    }
    return parts.length ? `{ ${parts.join(' ')} }` : '';
  }
}

export async function loadSchemaInfo(credentials: Credentials): Promise<SchemaInfo> {
  const data = await graphqlData<{ __schema: { queryType: { name: string }; mutationType: { name: string } | null; types: IntrospectedType[] } }>({ credentials, query: QUERY });
  return new SchemaInfo(data.__schema.types, { query: data.__schema.queryType.name, mutation: data.__schema.mutationType?.name ?? null });
}
