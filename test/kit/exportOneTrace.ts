/**
 * Run as a child process (Jest's VM cannot load the OTLP exporter's dynamic imports): makes the
 * gateway's tracing with the endpoint in argv, ends one request span as the gateway names them,
 * and shuts down, which flushes the batch to the endpoint.
 */
import { createTracing } from '../../src/tracing/createTracing';

async function main(): Promise<void> {
  const tracing = createTracing({ endpoint: process.argv[2] ?? null, serviceName: 'privacy-gateway' });
  if (!tracing) throw new TypeError('expected an OTLP endpoint as the first argument, got none');
  const span = tracing.tracer.startSpan('graphql.query ReadSubject', { attributes: { 'gateway.purpose': 'dsr_handling', 'graphql.operation.name': 'ReadSubject' } });
  span.end();
  await tracing.shutdown();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
