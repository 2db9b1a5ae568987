import type { GatewayState } from '../state/GatewayState';
import type { Policy } from '../policy/Policy';
import type { SubjectRegistry } from '../state/SubjectRegistry';

/**
 * The export's part on recipients and objections (GDPR art. 15(1)(c), art. 21): every disclosure
 * recorded for the subject, with the recipient's name and basis, and the subject's objections.
 * One JSON text, written by the export beside the records.
 */
export async function exportedFacts(deps: { policy: Policy; state: Pick<GatewayState, 'disclosures'>; registry: SubjectRegistry }, subjectId: string | null): Promise<string> {
  if (!subjectId) return '"disclosures":[],"objections":[],';
  const disclosures = (await deps.state.disclosures.forSubject(subjectId, 10_000)).map((d) => {
    const recipient = deps.policy.thirdParties.get(d.recipient);
    return { recipient: d.recipient, name: recipient?.name ?? d.recipient, basis: recipient?.basis ?? null, purpose: d.purpose, categories: d.categories, at: d.at };
  });
  const objections = (await deps.registry.get(subjectId))?.objections ?? [];
  return `"disclosures":${JSON.stringify(disclosures)},"objections":${JSON.stringify(objections)},`;
}
