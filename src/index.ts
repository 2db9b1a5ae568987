/**
 * privacy-gateway: the only file with side effects. Read the config, build the gateway
 * (src/createGateway.ts: sources, policy, state, DSR worker), listen.
 *
 * Where things happen, for a newcomer:
 * - a request enters at src/http/handleGraphQL.ts: token (src/auth) and purpose (src/http/resolvePurpose.ts)
 *   are checked, then the purpose's shielded schema runs it (src/policy/buildPurposeSchema.ts);
 * - each source is called from src/subjects/resolveSubjects.ts through its connector (connectors/*),
 *   behind a timeout and circuit breaker (src/sources/guardConnector.ts);
 * - every access is audited by src/graphql/auditPlugin.ts into the hash chain (src/audit/AuditLog.ts);
 * - an erasure is recorded in the request ledger and carried out by the worker (src/dsr).
 */
import { readConfig } from './config';
import { createGateway } from './createGateway';

async function main(): Promise<void> {
  const config = readConfig();
  if (config.jwt.devSecret) console.warn('warning: GATEWAY_JWT_SECRET is not set; using the development secret. Never do this in production.');
  const gateway = await createGateway(config);
  const url = await gateway.server.listen(config.port, config.host);
  const log = gateway.services.logger;
  log.info({ url: `${url}/graphql`, host: config.host, seeded: gateway.seeded }, 'privacy-gateway listening');
  process.stdout.write(
    [
      '',
      `  privacy-gateway  ${url}/graphql`,
      config.explorer ? `  explorer         ${url}/graphql  (open in a browser)` : '  explorer         off (GATEWAY_EXPLORER=off)',
      `  token            npm run token -- --role privacy_officer   (then send X-Purpose: dsr_handling)`,
      gateway.seeded ? '  demo data        seeded into an empty data dir' : '  demo data        existing data dir kept as it is',
      '',
    ].join('\n') + '\n',
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
