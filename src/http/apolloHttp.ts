import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPGraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';

/** Node's request headers as Apollo wants them (repeated headers joined, as Node joins most). */
export function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  return headers;
}

/** Writes Apollo's answer to Node's response, complete or streamed, with `extra` headers under Apollo's own. */
export async function sendApolloResponse(res: ServerResponse, result: HTTPGraphQLResponse, extra: Record<string, string> = {}): Promise<void> {
  const out: Record<string, string> = { ...extra };
  for (const [key, value] of result.headers) out[key] = value;
  res.writeHead(result.status ?? 200, out);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}
