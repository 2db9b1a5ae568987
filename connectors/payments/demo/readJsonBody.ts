import type { IncomingMessage } from 'node:http';
import { ApiError } from './ApiError';

/**
 * The request's JSON body, or undefined when it has none. Refuses a body over `maxBytes`
 * (413) before reading the rest of it, a body that is not declared as JSON (415), and one that
 * does not parse (400).
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw ApiError.invalid(`expected a body of at most ${maxBytes} bytes, got ${declared}`, 413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw ApiError.invalid(`expected a body of at most ${maxBytes} bytes, got more`, 413);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw ApiError.invalid(`expected Content-Type application/json, got ${type || 'none'}`, 415);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw ApiError.invalid('expected a JSON body, got text that does not parse');
  }
}
