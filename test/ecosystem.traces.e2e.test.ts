import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { createMetrics } from '../src/metrics';
import { createTracing } from '../src/tracing/createTracing';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, startTestGateway } from './kit/startTestGateway';

const ROOT = path.join(__dirname, '..');

/** What Alice's read returns: none of it may appear in a span. */
const PERSONAL = [/alice/i, /example\.com/, /\+7999/, /cus_/, /Anderson/];
const FIND_ALICE = 'query ReadSubject($ref: SubjectRef!) { subject(ref: $ref) { id profile { name email phone } orders { id total ip } payments { amount cardLast4 } supportMessages { body } } }';

async function startReceiver(): Promise<{ url: string; bodies: Array<{ path: string; contentType: string; text: string }>; close(): Promise<void> }> {
  const bodies: Array<{ path: string; contentType: string; text: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('traces and the GraphQL latency histogram', () => {
  const memory = new InMemorySpanExporter();
  let gw: TestGateway;
  beforeAll(async () => {
    // Operation names label spans and metrics only from the allowlist (the explorer's, and these).
    gw = await startTestGateway({ env: { GATEWAY_METRICS_OPERATIONS: 'ReadSubject,Denied' }, overrides: { spanExporter: memory } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('exports a span per request, named after the operation, a span per resolution round under it and per source call under those, and no personal value anywhere', async () => {
    memory.reset();
    const read = await gw.query(FIND_ALICE, { ...OFFICER, variables: { ref: { email: 'alice@example.com' } } });
    expect(read.body.data?.subject.profile.email).toBe('alice@example.com');
    const spans = memory.getFinishedSpans();
    const request = spans.find((s) => s.name === 'graphql.query ReadSubject');
    expect(request?.attributes).toMatchObject({ 'gateway.purpose': 'dsr_handling', 'graphql.operation.type': 'query', 'graphql.operation.name': 'ReadSubject', 'gateway.outcome': 'ok', 'http.route': '/graphql', 'http.response.status_code': 200 });
    const sources = spans.filter((s) => s.name.startsWith('source find '));
    expect(new Set(sources.map((s) => s.attributes['gateway.source']))).toEqual(new Set(['orders', 'payments', 'support', 'newsletter']));
    const rounds = spans.filter((s) => s.name.startsWith('resolve round '));
    expect(rounds.length).toBeGreaterThanOrEqual(2); // email → orders → customer id → processor
    for (const r of rounds) expect(r.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    const roundIds = new Set(rounds.map((r) => r.spanContext().spanId));
    for (const s of sources) expect(roundIds.has(s.parentSpanContext?.spanId ?? '')).toBe(true);
    const texts = spans.flatMap((s: ReadableSpan) => [s.name, ...Object.values(s.attributes).map(String), ...s.events.map((e) => e.name)]);
    for (const pattern of PERSONAL) expect(texts.filter((t) => pattern.test(t))).toEqual([]);
  });

  it('counts the operation in gateway_graphql_request_seconds by operation, purpose and outcome', async () => {
    await gw.query('query Denied { subject(ref:{customerId:"cus_bob"}) { payments { cardLast4 } } }', { roles: ['shop_service'], purpose: 'order_fulfillment' });
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_graphql_request_seconds_count\{operation="ReadSubject",purpose="dsr_handling",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/gateway_graphql_request_seconds_count\{operation="Denied",purpose="order_fulfillment",outcome="(partial|error)"\} 1/);
  });

});

describe('OTLP export', () => {
  it('posts the spans to <OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces, flushed on shutdown', async () => {
    const receiver = await startReceiver();
    try {
      await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'test', 'kit', 'exportOneTrace.ts'), receiver.url], { cwd: ROOT });
      const traces = receiver.bodies.filter((b) => b.path === '/v1/traces');
      expect(traces).toHaveLength(1);
      expect(traces[0]?.text).toContain('graphql.query ReadSubject');
      expect(traces[0]?.text).toContain('privacy-gateway');
    } finally {
      await receiver.close();
    }
  });
});

describe('tracing off', () => {
  it('makes no provider when no endpoint and no exporter is given', () => {
    expect(createTracing({ endpoint: null, serviceName: 'privacy-gateway' })).toBeNull();
  });
});

describe('operation labels', () => {
  it('labels an operation by its name only from the allowlist, else by its first root field, so no caller can make new series', () => {
    const metrics = createMetrics({ operations: ['FindSubject'] });
    expect(metrics.operationLabel('FindSubject', 'subject')).toBe('FindSubject');
    for (let i = 0; i < 300; i++) expect(metrics.operationLabel(`Flood${i}`, 'subject')).toBe('field:subject');
    expect(metrics.operationLabel('Anything', '__schema')).toBe('introspection');
    expect(metrics.operationLabel(null, null)).toBe('other');
  });
});
