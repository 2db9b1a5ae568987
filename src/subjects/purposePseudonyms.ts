import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import type { Identity } from '../sources/Identity';
import { IDENTITY_TYPES, identityKey, parseIdentityKey } from '../sources/Identity';

/**
 * The names one depersonalized purpose knows people and records by, keyed for that purpose alone
 * (keys derived with HKDF from the deployment's pseudonym secret and the purpose id): nothing it
 * holds joins to what another purpose holds, and only this purpose's key maps a pseudonym back.
 */
export interface PurposePseudonyms {
  /** An identity as this purpose receives it: sealed, so that `open` under this purpose finds the subject again. */
  identity(identity: Identity): string;
  /** Another identifier value (no identity type): keyed, one-way. */
  value(category: string, value: string): string;
  /** The subject id this purpose sees instead of the gateway's own. */
  subjectId(id: string): string;
  /** A record key (ids and the keys that point at them): the same value gives the same name within the purpose. */
  recordId(value: string): string;
  /** The identity behind one of this purpose's pseudonyms; null for anything else (another purpose's, forged, altered). */
  open(pseudonym: string): Identity | null;
}

export const PSEUDONYM_PREFIX = 'psn_';
/** The longest pseudonym `identity` makes (a 254-character email), with room: longer refs are refused unread. */
export const MAX_PSEUDONYM_LENGTH = 512;

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Plaintexts are padded to a multiple of this, so a pseudonym's length says little about the identity's. */
const BLOCK = 32;

/**
 * Deterministic authenticated encryption (a synthetic IV, as in SIV): the IV is the HMAC of the
 * identity under the purpose's MAC key, the identity is sealed with AES-256-GCM under its
 * encryption key. The same identity always gives the same pseudonym (analytics can count by it);
 * a guessed or edited pseudonym fails authentication, so trying values teaches nothing.
 */
export function purposePseudonyms(secret: string, purpose: string): PurposePseudonyms {
  const keys = Buffer.from(hkdfSync('sha256', secret, 'privacy-gateway/pseudonyms', `purpose:${purpose}`, 64));
  const macKey = keys.subarray(0, 32);
  const encKey = keys.subarray(32);
  const mac = (domain: string, value: string) => createHmac('sha256', macKey).update(`${domain}\u0000${value}`).digest();
  return {
    identity: (identity) => {
      const plain = Buffer.from(identityKey(identity), 'utf8');
      const padded = Buffer.alloc(Math.max(BLOCK, Math.ceil(plain.length / BLOCK) * BLOCK));
      plain.copy(padded);
      const iv = mac('iv', identityKey(identity)).subarray(0, IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const sealed = Buffer.concat([cipher.update(padded), cipher.final()]);
      return `${PSEUDONYM_PREFIX}${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
    },
    value: (category, value) => `${PSEUDONYM_PREFIX}${mac(`value:${category}`, value).toString('hex').slice(0, 32)}`,
    subjectId: (id) => `sub_${mac('subject', id).toString('hex').slice(0, 24)}`,
    recordId: (value) => `rec_${mac('record', value).toString('hex').slice(0, 24)}`,
    open: (pseudonym) => {
      if (!pseudonym.startsWith(PSEUDONYM_PREFIX) || pseudonym.length > MAX_PSEUDONYM_LENGTH) return null;
      const bytes = Buffer.from(pseudonym.slice(PSEUDONYM_PREFIX.length), 'base64url');
      if (bytes.length < IV_BYTES + BLOCK + TAG_BYTES || (bytes.length - IV_BYTES - TAG_BYTES) % BLOCK !== 0) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', encKey, bytes.subarray(0, IV_BYTES));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const padded = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
        const end = padded.indexOf(0);
        const identity = parseIdentityKey(padded.subarray(0, end === -1 ? padded.length : end).toString('utf8'));
        return IDENTITY_TYPES.includes(identity.type) ? identity : null;
      } catch {
        return null; // authentication failed: not a pseudonym this purpose was given
      }
    },
  };
}
