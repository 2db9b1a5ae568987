import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { RequestContext } from '../src/context';
import { createContext } from '../src/context';
import type { GatewayServices } from '../src/GatewayServices';
import { createExecutableSchema } from '../src/graphql/createGraphQL';
import { sendApolloResponse, toHeaderMap } from '../src/http/apolloHttp';

export interface PlainServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The benchmark's "off" side: the gateway's own resolvers, loaders and sources, served by a plain
 * Apollo Server with none of the privacy layer — no token, no purpose check, no shield rules, no
 * consent or blocking gates, no audit plugin, no graphql-armor, no error masking. Its context is
 * built by `createContext` for a purpose that reads everything (dsr_handling), as if every check
 * had passed. The transport mirrors the gateway's (node:http, JSON body, executeHTTPGraphQLRequest),
 * so the difference between the two sides is the privacy layer and nothing else.
 */
export async function startPlainServer(services: GatewayServices, purposeId = 'dsr_handling'): Promise<PlainServer> {
  const purpose = services.policy.purposes.get(purposeId);
  if (!purpose) throw new TypeError(`expected a purpose of the policy, got "${purposeId}"`);
  const apollo = new ApolloServer<RequestContext>({ schema: createExecutableSchema(services) });
  await apollo.start();
  const caller = { client: 'bench-plain', roles: ['privacy_officer'] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const headers = toHeaderMap(req);
        const text = Buffer.concat(chunks).toString('utf8');
        const context = createContext({ requestId: randomUUID(), caller, purpose, services });
        const result = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: '', body: text ? (JSON.parse(text) as unknown) : undefined },
          context: async () => context,
        });
        await sendApolloResponse(res, result);
      })().catch((error: unknown) => {
        console.error('plain server:', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
    },
  };
}
