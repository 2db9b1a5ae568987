import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Caller } from './auth/Caller';
import type { AuthorizationHeader, TokenVerifier } from './auth/createTokenVerifier';
import { createTokenVerifier } from './auth/createTokenVerifier';
import { CONSOLE_PATH, createConsoleHandler } from './console/createConsoleHandler';
import { ErrorCode } from './errors';
import { serveExplorer } from './explorer/serveExplorer';
import type { GatewayServices } from './GatewayServices';
import type { GatewayGraphQL } from './graphql/createGraphQL';
import { createGraphQL } from './graphql/createGraphQL';
import { handleExport } from './dsr/handleExport';
import { applyCors } from './http/applyCors';
import { createAddressLimiter } from './http/createAddressLimiter';
import { handleGraphQL } from './http/handleGraphQL';
import { requestScope } from './http/requestScope';
import { sendGraphQLError, sendJson } from './http/sendJson';
import { checkSources } from './sources/checkSources';
import { startRequestSpan } from './tracing/startRequestSpan';

export interface GatewayServer {
  readonly http: http.Server;
  readonly graphql: GatewayGraphQL;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The HTTP surface: POST/GET /graphql (the explorer for a browser), /console, /exports/{id}, /healthz,
 * /readyz, /metrics. Every request gets an id, echoed in `x-request-id` and carried by the logs.
 */
export async function createServer(services: GatewayServices, options: { wrapVerifier?: (verify: TokenVerifier) => TokenVerifier } = {}): Promise<GatewayServer> {
  const graphql = createGraphQL(services);
  await graphql.start();
  const verify = (options.wrapVerifier ?? ((v) => v))(createTokenVerifier(services.config.jwt));
  const admitAddress = createAddressLimiter(services.config.addressRateLimit);
  // The address's bucket first: a request it refuses never reaches the signature check.
  const verifierFor = (req: IncomingMessage): TokenVerifier => async (authorization: AuthorizationHeader): Promise<Caller> => {
    admitAddress(req);
    return verify(authorization);
  };
  const serveConsole = createConsoleHandler({ policy: services.policy, rolesClaim: services.config.jwt.rolesClaim, oidc: services.config.oidc });
  const corsOrigins = new Set(services.config.corsOrigins);
  const route = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (applyCors(req, res, corsOrigins)) return;
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const sources = await checkSources(services.connectors, { timeoutMs: Math.min(services.config.sourceTimeoutMs, 3000) });
      const state = await services.state.ping().then(() => true, () => false);
      const ready = state && sources.every((s) => s.ok);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', state, sources: sources.map(({ name, ok, circuit }) => ({ name, ok, circuit })) });
    }
    if (url.pathname === '/metrics') {
      await services.dsr.refreshMetrics();
      res.writeHead(200, { 'content-type': services.metrics.registry.contentType });
      return res.end(await services.metrics.registry.metrics());
    }
    if (url.pathname === '/graphql') {
      if (req.method === 'GET' && services.config.explorer && serveExplorer(req, res)) return;
      if (req.method !== 'GET' && req.method !== 'POST') return sendGraphQLError(res, { status: 405, code: ErrorCode.BAD_USER_INPUT, message: 'expected GET or POST', requestId, headers: { allow: 'GET, POST' } });
      return handleGraphQL({ req, res, requestId, services, graphql, verify: verifierFor(req) });
    }
    if (url.pathname.startsWith('/exports/')) return handleExport({ req, res, requestId, services, verify: verifierFor(req), id: url.pathname.slice('/exports/'.length) });
    if (url.pathname.startsWith('/explorer/') && services.config.explorer && serveExplorer(req, res)) return;
    if ((url.pathname === CONSOLE_PATH || url.pathname.startsWith(`${CONSOLE_PATH}/`)) && services.config.explorer && (await serveConsole(req, res))) return;
    return sendGraphQLError(res, { status: 404, code: ErrorCode.NOT_FOUND, message: 'no such path', requestId });
  };
  const server = http.createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    // Every answer, JSON, explorer page, export or metrics: no browser guesses another type.
    res.setHeader('x-content-type-options', 'nosniff');
    requestScope.run({ requestId, span: startRequestSpan(services.tracing, req, res) }, () => {
      route(req, res, requestId).catch((error: unknown) => {
        services.logger.error({ requestId, err: error }, 'unexpected error (masked)');
        if (!res.headersSent) sendGraphQLError(res, { status: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: `Internal error. Quote request id ${requestId} to the operator.`, requestId });
        else res.destroy();
      });
    });
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  return {
    http: server,
    graphql,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(`http://localhost:${(server.address() as AddressInfo).port}`));
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await graphql.stop();
    },
  };
}
