/** One signed POST owed to a receiver, from whichever queue owes it (a request's callback, the notices outbox). */
export interface Delivery {
  readonly id: string;
  readonly url: string;
  /** The JSON text signed and sent, the same on every attempt. */
  readonly body: string;
  /** Attempts made before this one. */
  readonly attempts: number;
}

export interface DeliveryOutcome {
  readonly attempts: number;
  readonly status: 'PENDING' | 'DELIVERED' | 'FAILED';
  /** The next attempt, while PENDING. */
  readonly nextAt: string | null;
  readonly lastError: string | null;
  readonly at: string;
}

/**
 * What deliverCallbacks drains. `claim` holds the delivery until `holdUntil` (two schedulers, or
 * two instances, never send one notice at once) and returns null when nothing is due;
 * `record` stores the outcome, durably, before the next claim.
 */
export interface DeliveryQueue {
  claim(now: string, holdUntil: string): Promise<Delivery | null>;
  record(delivery: Delivery, outcome: DeliveryOutcome): Promise<void>;
}
