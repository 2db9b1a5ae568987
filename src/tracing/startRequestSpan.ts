import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import type { Tracing } from './createTracing';

/** The routes a span may name: a path is never copied, since an export's path holds its id. */
const ROUTES = ['/graphql', '/healthz', '/readyz', '/metrics'];

/** One span per HTTP request, ended when the response is: method, route and status only. */
export function startRequestSpan(tracing: Tracing | null, req: IncomingMessage, res: ServerResponse): Span | undefined {
  if (!tracing) return undefined;
  const path = new URL(req.url ?? '/', 'http://gateway').pathname;
  const route = ROUTES.includes(path) ? path : path.startsWith('/exports/') ? '/exports/{id}' : 'other';
  const method = ['GET', 'POST', 'OPTIONS'].includes(req.method ?? '') ? (req.method as string) : 'other';
  const span = tracing.tracer.startSpan(`${method} ${route}`, { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_HTTP_ROUTE]: route } });
  res.once('close', () => {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  return span;
}
