import type { EraseResult, ErasePlan, LegalHold } from '../../src/sources/Connector';

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
  checkPlan(plan);
  const holds = plan.holds.filter((h) => h.categories.some((c) => options.categories.some((r) => overlaps(c, r))));
  const byTicket = groupByTicket(options.candidates);
  const retainedRecords: Array<{ id: string; until: string; hold: string }> = [];
  const erasure = { deleteTickets: [] as string[], depersonalizeTickets: [] as string[], deleteMessages: [] as string[], restrictMessages: [] as string[], restrictTickets: [] as string[] };
  let deleted = 0;
  let depersonalized = 0;
  for (const [ticketId, messages] of byTicket) {
    const held = messages.flatMap((m) => {
      const retention = longestHold({ holds, createdAt: m.createdAt, now: plan.now });
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

/** The hold that keeps a record longest, if any still runs at `now`. */
function longestHold(options: { holds: readonly LegalHold[]; createdAt: Date; now: Date }): { until: string; hold: string } | null {
  let best: { end: Date; hold: string } | null = null;
  for (const hold of options.holds) {
    // An undated message cannot be shown to be past a hold: keep it while any hold applies.
    const end = Number.isNaN(options.createdAt.getTime()) ? new Date(8.64e15) : holdEnd(options.createdAt, hold.years);
    if (end.getTime() > options.now.getTime() && (best === null || end > best.end)) best = { end, hold: hold.name };
  }
  return best === null ? null : { until: best.end.toISOString(), hold: best.hold };
}

/** Hierarchical categories: "support" covers "support.message"; "support.*" means "support". */
function overlaps(holdCategory: string, recordCategory: string): boolean {
  const hold = holdCategory.replace(/\.\*$/, '');
  if (hold === '*' || hold === recordCategory) return true;
  return recordCategory.startsWith(`${hold}.`) || hold.startsWith(`${recordCategory}.`);
}

function holdEnd(createdAt: Date, years: number): Date {
  const end = new Date(createdAt);
  if (Number.isInteger(years)) end.setUTCFullYear(end.getUTCFullYear() + years);
  else end.setTime(end.getTime() + years * 365.25 * 86_400_000);
  return end;
}

function checkPlan(plan: ErasePlan): void {
  if (plan.action !== 'delete' && plan.action !== 'depersonalize') throw new TypeError(`expected plan.action "delete" or "depersonalize", got ${JSON.stringify(plan.action)}`);
  if (Object.prototype.toString.call(plan.now) !== '[object Date]' || Number.isNaN(plan.now.getTime())) throw new TypeError('expected plan.now to be a valid Date, got another value');
  if (!Array.isArray(plan.holds)) throw new TypeError(`expected plan.holds to be an array, got ${typeof plan.holds}`);
  for (const hold of plan.holds) {
    if (!Number.isFinite(hold.years) || hold.years <= 0) throw new TypeError(`expected hold "${hold.name}" to last a positive number of years, got ${hold.years}`);
    if (!Array.isArray(hold.categories)) throw new TypeError(`expected hold "${hold.name}" to list categories, got ${typeof hold.categories}`);
  }
}
