import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DeclarationError, describe } from './DeclarationError';

/** One source entry as written, with where it came from; `${VAR}` already expanded. */
export interface RawSource {
  readonly name: string;
  readonly file: string;
  /** The declaring file's folder: relative paths inside it resolve from here. */
  readonly dir: string;
  readonly raw: Record<string, unknown>;
  /**
   * Variables a value needs that the environment does not set: compiling the source fails with the
   * first (a file with several sources reads even when another's secret is unset; describing one
   * for the data map needs none of them).
   */
  readonly unset: readonly DeclarationError[];
}

const VARIABLE = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;
const SOURCE_NAME = /^[a-z][a-z0-9_]{0,40}$/;

/**
 * Reads `GATEWAY_SOURCES_FILE` (one file or a comma-separated list, merged in order: a later file
 * may redeclare a source of an earlier one, replacing it whole). `${VAR}` reads the environment,
 * `${VAR:-default}` with a default; a value that is only an unset variable counts as not given
 * (so `url: ${CRM_DATABASE_URL}` with the variable unset means embedded, where the kind allows it).
 */
export function readSourcesFiles(spec: string, env: NodeJS.ProcessEnv = process.env): RawSource[] {
  const files = spec.split(',').map((f) => f.trim()).filter(Boolean);
  if (files.length === 0) throw new DeclarationError('GATEWAY_SOURCES_FILE', '(value)', 'one file or a comma-separated list of files', describe(spec));
  const merged = new Map<string, RawSource>();
  for (const file of files) {
    for (const source of readOne(path.resolve(file), env)) merged.set(source.name, source);
  }
  return [...merged.values()];
}

function readOne(file: string, env: NodeJS.ProcessEnv): RawSource[] {
  const label = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new DeclarationError(label, '(file)', 'a readable YAML file of source declarations', 'none at that path');
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new DeclarationError(label, '(file)', 'valid YAML', (error as Error).message.split('\n')[0]);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new DeclarationError(label, '(root)', 'a map with `sources:`', describe(doc));
  const extra = Object.keys(doc).filter((k) => k !== 'sources');
  if (extra.length > 0) throw new DeclarationError(label, extra[0] as string, 'only `sources:` at the root', 'another key');
  const sources = (doc as Record<string, unknown>).sources;
  if (typeof sources !== 'object' || sources === null || Array.isArray(sources)) throw new DeclarationError(label, 'sources', 'a map of source name → declaration', describe(sources));
  return Object.entries(sources).map(([name, raw]) => {
    if (!SOURCE_NAME.test(name)) throw new DeclarationError(label, `sources.${name}`, 'a source name of lower-case letters, digits and "_", starting with a letter');
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DeclarationError(label, `sources.${name}`, 'a map (kind, url, …)', describe(raw));
    const unset: DeclarationError[] = [];
    return { name, file: label, dir: path.dirname(file), raw: expand(raw as Record<string, unknown>, { env, file: label, unset }, `sources.${name}`) as Record<string, unknown>, unset };
  });
}

function expand(value: unknown, ctx: { env: NodeJS.ProcessEnv; file: string; unset: DeclarationError[] }, key: string): unknown {
  const { env, file } = ctx;
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}$/.exec(value);
    if (whole) {
      const v = env[whole[1] as string];
      return v !== undefined && v !== '' ? v : whole[2];
    }
    return value.replace(VARIABLE, (_, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      ctx.unset.push(new DeclarationError(file, key, `the environment variable ${name} to be set`, 'it unset'));
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expand(v, ctx, `${key}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const e = expand(v, ctx, `${key}.${k}`);
      if (e !== undefined) out[k] = e;
    }
    return out;
  }
  return value;
}
