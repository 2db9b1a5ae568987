import { createHmac } from 'node:crypto';
import type { DsrLedger } from '../state/DsrLedger';
import type { DsrRequestDoc } from './DsrRequestDoc';
import type { DsrDeps } from './resolveForDsr';

const MAX_ATTEMPTS = 25;
/** Notices sent per round of the scheduler. */
const PER_ROUND = 50;

/** The key callbacks are signed with: derived, domain-separated, from the deployment's pseudonym secret. */
export const callbackKey = (secret: string): string => createHmac('sha256', secret).update('callback-signing').digest('hex');

/** `X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — the receiver checks both. */
export function signCallback(body: string, key: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', key).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * Sends each finished request's status notice to its callback URL (checked against the
 * allowlist when the request was accepted), retried with backoff until a 2xx. The notice carries
 * no personal data: ids, status and the certificate's hash.
 */
export async function deliverCallbacks(options: { deps: DsrDeps; ledger: DsrLedger; now: Date; fetchImpl?: typeof fetch }): Promise<number> {
  const { ledger, now } = options;
  const key = callbackKey(options.deps.config.pseudonymSecret);
  let delivered = 0;
  for (let round = 0; round < PER_ROUND; round++) {
    // Claim the delivery first, so two schedulers (or two instances) never send one notice twice.
    const request = await ledger.claimCallback(now.toISOString(), new Date(now.getTime() + 60_000).toISOString());
    if (!request) break;
    const callback = request.callback as NonNullable<DsrRequestDoc['callback']>;
    const body = JSON.stringify({ requestId: request._id, type: request.type, status: request.status, subjectId: request.subjectId, completedAt: request.completedAt, alreadyErased: request.alreadyErased, certificateSha256: request.certificate?.sha256 ?? null });
    const attempts = callback.attempts + 1;
    let ok = false;
    try {
      const res = await (options.fetchImpl ?? fetch)(callback.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gateway-signature': signCallback(body, key, now) },
        body,
        redirect: 'manual', // a redirect could lead outside the allowlist
        signal: AbortSignal.timeout(5000),
      });
      ok = res.status >= 200 && res.status < 300;
      await res.body?.cancel();
    } catch {
      ok = false;
    }
    const next = new Date(now.getTime() + Math.min(3_600_000, 1000 * 2 ** attempts)).toISOString();
    await ledger.recordCallback(request._id, {
      ...callback, attempts, status: ok ? 'DELIVERED' : attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING', nextAt: ok ? null : next, lastError: ok ? null : 'not accepted (non-2xx or unreachable)',
    });
    if (ok) delivered++;
  }
  return delivered;
}
