import type { GatewayState } from '../state/GatewayState';
import type { Policy } from '../policy/Policy';

/**
 * The export's part on recipients (GDPR art. 15(1)(c)): every disclosure recorded for the subject,
 * with the recipient's name and basis. One JSON text, written by the export beside the records
 * (the objections are in the export's head).
 */
export async function exportedDisclosures(deps: { policy: Policy; state: Pick<GatewayState, 'disclosures'> }, subjectId: string | null): Promise<string> {
  if (!subjectId) return '"disclosures":[],';
  const disclosures = (await deps.state.disclosures.forSubject(subjectId, 10_000)).map((d) => {
    const recipient = deps.policy.thirdParties.get(d.recipient);
    return { recipient: d.recipient, name: recipient?.name ?? d.recipient, basis: recipient?.basis ?? null, purpose: d.purpose, categories: d.categories, at: d.at };
  });
  return `"disclosures":${JSON.stringify(disclosures)},`;
}
