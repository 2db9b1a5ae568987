import { open } from 'node:fs/promises';

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/**
 * nedb appends one JSON document per line. A process killed mid-append (SIGKILL during a large
 * write, power loss, a full disk) can leave the last line cut off; nedb counts that line as
 * corruption and, in a small datafile, refuses to load at all (more than 10 % corrupt), so the
 * gateway would not start again. Only that case is repaired here: an unterminated last line
 * that does not parse — a write that never completed, never acknowledged — is cut off.
 * Corruption anywhere else is left for nedb to judge. Returns whether the file was trimmed.
 */
export async function trimTornTail(file: string): Promise<boolean> {
  const handle = await open(file, 'r+').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === NEWLINE) return false;
    let lineStart = 0;
    for (let end = size; end > 0 && lineStart === 0; end -= CHUNK) {
      const from = Math.max(0, end - CHUNK);
      const chunk = Buffer.alloc(end - from);
      await handle.read(chunk, 0, chunk.length, from);
      const at = chunk.lastIndexOf(NEWLINE);
      if (at >= 0) lineStart = from + at + 1;
    }
    const tail = Buffer.alloc(size - lineStart);
    await handle.read(tail, 0, tail.length, lineStart);
    try {
      JSON.parse(tail.toString('utf8'));
      return false; // a whole document without its newline: nedb reads it as it is
    } catch {
      await handle.truncate(lineStart);
      return true;
    }
  } finally {
    await handle.close();
  }
}
