import { randomBytes } from 'node:crypto';

/**
 * An `_id` for a document the store creates itself (an upsert whose filter fixes no `_id`). The
 * port promises string ids; MongoDB would otherwise invent an ObjectId.
 */
export const newDocumentId = (): string => randomBytes(12).toString('hex');
