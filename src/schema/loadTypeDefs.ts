import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schema');

/** The SDL files, one per area, in a stable order (directives first). */
export function loadTypeDefs(dir: string = SCHEMA_DIR): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort((a, b) => (a === 'directives.graphql' ? -1 : b === 'directives.graphql' ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(path.join(dir, f), 'utf8'));
}
