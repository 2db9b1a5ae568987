import { chmod, mkdir } from 'node:fs/promises';

/**
 * Owner-only permissions for what the embedded store writes: the datafiles hold personal data.
 * nedb creates every file it writes (the datafile, its `~` temp file that replaces it on each
 * compaction, an append after a drop) with `fileMode`, and directories with `dirMode`; the umask
 * can only take bits away from those, never add "group" or "other" ones.
 */
export const OWNER_ONLY = { fileMode: 0o600, dirMode: 0o700 } as const;

/**
 * Creates `dir` owner-only, and makes an existing one so (a data directory made by an older
 * version, or by hand, with the umask's 0755): chmod, unlike mkdir's mode, ignores the umask.
 */
export async function ensureOwnerOnlyDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: OWNER_ONLY.dirMode });
  await chmod(dir, OWNER_ONLY.dirMode);
}
