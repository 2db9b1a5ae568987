import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotice {
  readonly path: string;
  readonly body: Record<string, any>;
  readonly raw: string;
}

export interface NoticeReceiver {
  /** The base URL; stays the same across `down()` / `up()`. */
  readonly url: string;
  /** Notices whose signature verified and that were accepted (2xx), in arrival order. */
  readonly accepted: ReceivedNotice[];
  /** Requests refused for a missing or wrong signature. */
  readonly badSignatures: number;
  /** Stops listening: deliveries meet a closed port, as when the receiver is down. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A receiving system, as a recipient or a source would run one: checks `X-Gateway-Signature`
 * (`t=<unix>,v1=<HMAC-SHA256(key, "<t>.<body>")>`) against the key it shares with the gateway,
 * answers 401 to anything else, 204 to a notice it takes.
 */
export async function startNoticeReceiver(key: string): Promise<NoticeReceiver> {
  const accepted: ReceivedNotice[] = [];
  let badSignatures = 0;
  const verify = (raw: string, header: string | undefined): boolean => {
    const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
    if (!parts.t || !parts.v1) return false;
    const expected = Buffer.from(createHmac('sha256', key).update(`${parts.t}.${raw}`).digest('hex'));
    const given = Buffer.from(parts.v1);
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (!verify(raw, req.headers['x-gateway-signature'] as string | undefined)) {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
      accepted.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, any>, raw });
      res.writeHead(204).end();
    });
  });
  const listen = (port: number) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const port = await listen(0);
  const stop = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    get badSignatures() {
      return badSignatures;
    },
    down: stop,
    up: async () => {
      await listen(port);
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
