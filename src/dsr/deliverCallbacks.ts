import { createHmac } from 'node:crypto';
import type { DsrLedger } from '../state/DsrLedger';
import type { Delivery, DeliveryQueue } from './DeliveryQueue';
import type { DsrRequestDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

const MAX_ATTEMPTS = 25;
/** Deliveries sent per round of the scheduler, per queue. */
const PER_ROUND = 50;

/** The key callbacks are signed with: derived, domain-separated, from the deployment's pseudonym secret. */
export const callbackKey = (secret: string): string => createHmac('sha256', secret).update('callback-signing').digest('hex');

/** `X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the receiver checks both. */
export function signCallback(body: string, key: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * A finished request's status notice, to the callback URL its caller gave (checked against the
 * allowlist when the request was accepted). No personal data: ids, status and the certificate's hash.
 */
export function requestCallbacks(ledger: DsrLedger): DeliveryQueue {
  return {
    claim: async (now, holdUntil) => {
      const request = await ledger.claimCallback(now, holdUntil);
      if (!request) return null;
      const callback = request.callback as NonNullable<DsrRequestDoc['callback']>;
      const body = JSON.stringify({ requestId: request._id, type: request.type, status: request.status, subjectId: request.subjectId, completedAt: request.completedAt, alreadyErased: request.alreadyErased, certificateSha256: request.certificate?.sha256 ?? null });
      return { id: request._id, url: callback.url, body, attempts: callback.attempts };
    },
    record: (delivery, outcome) => ledger.recordCallback(delivery.id, { url: delivery.url, attempts: outcome.attempts, status: outcome.status, nextAt: outcome.nextAt, lastError: outcome.lastError }),
  };
}

/**
 * The one deliverer of signed callbacks: drains each queue (request callbacks, the notices
 * outbox), POSTing each due delivery signed, and retrying with backoff until a 2xx, for at most
 * MAX_ATTEMPTS. Every outcome is recorded before the next claim, so a restart resumes where it was.
 */
export async function deliverCallbacks(options: { deps: DsrDeps; queues: readonly DeliveryQueue[]; now: Date; fetchImpl?: typeof fetch }): Promise<number> {
  const { now } = options;
  const key = callbackKey(options.deps.config.pseudonymSecret);
  let delivered = 0;
  for (const queue of options.queues) {
    for (let round = 0; round < PER_ROUND; round++) {
      // Claim the delivery first, so two schedulers (or two instances) never send one notice twice.
      const delivery = await queue.claim(now.toISOString(), new Date(now.getTime() + 60_000).toISOString());
      if (!delivery) break;
      const ok = await post(delivery, { key, now, fetchImpl: options.fetchImpl ?? fetch });
      const attempts = delivery.attempts + 1;
      const next = new Date(now.getTime() + Math.min(3_600_000, 1000 * 2 ** attempts)).toISOString();
      await queue.record(delivery, {
        attempts, status: ok ? 'DELIVERED' : attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING', nextAt: ok ? null : next, lastError: ok ? null : 'not accepted (non-2xx or unreachable)', at: now.toISOString(),
      });
      if (ok) delivered++;
    }
  }
  return delivered;
}

async function post(delivery: Delivery, options: { key: string; now: Date; fetchImpl: typeof fetch }): Promise<boolean> {
  try {
    const res = await options.fetchImpl(delivery.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gateway-signature': signCallback(delivery.body, options.key, options.now) },
      body: delivery.body,
      redirect: 'manual', // a redirect could lead outside the allowlist, or away from the declared receiver
      signal: AbortSignal.timeout(5000),
    });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}
