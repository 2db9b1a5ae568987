import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every regular file under `dir`, with its mode. */
export function walkFiles(dir: string): Array<{ file: string; mode: number; directory: boolean }> {
  const out: Array<{ file: string; mode: number; directory: boolean }> = [{ file: dir, mode: statSync(dir).mode & 0o777, directory: true }];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkFiles(at));
    else if (entry.isFile()) out.push({ file: at, mode: statSync(at).mode & 0o777, directory: false });
  }
  return out;
}

/**
 * The byte patterns a value may be stored as: UTF-8 and UTF-16LE text compared without regard to
 * case, percent-encoded, and base64 at each of its three alignments (the edge characters that
 * depend on the neighbouring bytes dropped). Patterns are latin1 strings of the bytes.
 */
function patternsOf(value: string): { folded: string[]; exact: string[] } {
  const latin1 = (b: Buffer) => b.toString('latin1');
  const folded = [value, encodeURIComponent(value)].flatMap((v) => [latin1(Buffer.from(v, 'utf8')), latin1(Buffer.from(v, 'utf16le'))]).map((p) => p.toLowerCase());
  const bytes = Buffer.from(value, 'utf8');
  // Character i of base64 encodes bits [6i, 6i + 6): kept only where they all are the value's.
  const exact = [0, 1, 2].map((shift) => Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64').slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6)));
  return { folded: [...new Set(folded)], exact };
}

/** Which of `values` each file under `dir` still holds, in any of the encodings above: files with none are left out. */
export function findValuesOnDisk(dir: string, values: readonly string[]): Array<{ file: string; values: string[] }> {
  const patterns = values.map((value) => ({ value, ...patternsOf(value) }));
  const hits: Array<{ file: string; values: string[] }> = [];
  for (const { file, directory } of walkFiles(dir)) {
    if (directory) continue;
    const raw = readFileSync(file).toString('latin1');
    const lower = raw.toLowerCase();
    const found = patterns.filter((p) => p.folded.some((f) => lower.includes(f)) || p.exact.some((e) => raw.includes(e))).map((p) => p.value);
    if (found.length > 0) hits.push({ file: path.relative(dir, file), values: found });
  }
  return hits;
}
