import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Identity } from '../sources/Identity';

/** What a request carries that names the person: its identity closure, a rectification's new values. */
export interface Closure {
  readonly identities: Identity[] | null;
  readonly changes?: Record<string, string | null>;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A key of one request alone (AES-256-GCM), as the ledger stores it: base64. */
export const newRequestKey = (): string => randomBytes(32).toString('base64');

/**
 * Crypto-shredding: a request's personal values are stored only under its own key, kept in a row
 * of its own; destroying that row at the request's end leaves the ciphertext unreadable wherever
 * a copy of it survives (a superseded tuple, the write-ahead log, a backup).
 */
export function sealClosure(key: string, closure: Closure): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(closure), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The closure sealed under `key`; throws when the text was not sealed under it (or was altered). */
export function openClosure(key: string, sealed: string): Closure {
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new TypeError(`expected a sealed closure of at least ${IV_BYTES + TAG_BYTES} bytes, got ${bytes.length}`);
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as Closure;
}
