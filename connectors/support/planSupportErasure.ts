import type { EraseResult, ErasePlan } from '../../src/sources/Connector';
import { checkErasePlan, longestHold } from '../../src/sources/legalHold';

/** A row of `supportQueries.erasureCandidates`: a ticket of the subject and one of its messages (null: none). */
export interface ErasureCandidate {
  readonly ticket_id: string;
  readonly message_id: string | null;
  readonly created_at: Date | string | null;
}

/** What `erase` changes, by id, and what it reports. */
export interface SupportErasure {
  readonly result: EraseResult;
  /** Whole tickets deleted, their messages with them (cascade). */
  readonly deleteTickets: string[];
  /** Tickets unlinked from the customer; their customer-authored bodies erased. */
  readonly depersonalizeTickets: string[];
  /** Single messages deleted from tickets kept for a held message. */
  readonly deleteMessages: string[];
  /** Held messages, and the tickets that hold them with the customer's identity: kept, restricted. */
  readonly restrictMessages: string[];
  readonly restrictTickets: string[];
}

/**
 * Decides a subject's erasure at the helpdesk. Pure: the same candidates and plan give the same
 * answer, so `planErase` and `erase` agree. A message is retained while a hold over one of
 * `categories` (those the connector declares for its fields) runs: createdAt + years after
 * plan.now; the longest such hold names it. Its ticket is then kept too — the identity on it is
 * what the hold needs — restricted. The subject's other messages in such a ticket are deleted
 * even under 'depersonalize': while the ticket names the customer, they cannot be depersonalized.
 */
export function planSupportErasure(options: { candidates: readonly ErasureCandidate[]; plan: ErasePlan; categories: readonly string[] }): SupportErasure {
  const { plan } = options;
  checkErasePlan(plan);
  const byTicket = groupByTicket(options.candidates);
  const retainedRecords: Array<{ id: string; until: string; hold: string }> = [];
  const erasure = { deleteTickets: [] as string[], depersonalizeTickets: [] as string[], deleteMessages: [] as string[], restrictMessages: [] as string[], restrictTickets: [] as string[] };
  let deleted = 0;
  let depersonalized = 0;
  for (const [ticketId, messages] of byTicket) {
    const held = messages.flatMap((m) => {
      const retention = longestHold({ holds: plan.holds, categories: options.categories, createdAt: m.createdAt, now: plan.now });
      return retention === null ? [] : [{ id: m.id, ...retention }];
    });
    const released = messages.filter((m) => !held.some((h) => h.id === m.id));
    if (held.length > 0) {
      retainedRecords.push(...held);
      erasure.restrictMessages.push(...held.map((h) => h.id));
      erasure.restrictTickets.push(ticketId);
      erasure.deleteMessages.push(...released.map((m) => m.id));
      deleted += released.length;
    } else if (plan.action === 'delete') {
      erasure.deleteTickets.push(ticketId);
      deleted += released.length;
    } else {
      erasure.depersonalizeTickets.push(ticketId);
      depersonalized += released.length;
    }
  }
  return { ...erasure, result: { deleted, depersonalized, retained: retainedRecords.length, retainedRecords } };
}

interface CandidateMessage {
  readonly id: string;
  readonly createdAt: Date;
}

function groupByTicket(candidates: readonly ErasureCandidate[]): Map<string, CandidateMessage[]> {
  const byTicket = new Map<string, CandidateMessage[]>();
  for (const c of candidates) {
    const messages = byTicket.get(c.ticket_id) ?? [];
    byTicket.set(c.ticket_id, messages);
    if (c.message_id !== null) messages.push({ id: c.message_id, createdAt: new Date(c.created_at ?? Number.NaN) });
  }
  return byTicket;
}
