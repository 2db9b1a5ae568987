import type { TestGateway } from './startTestGateway';
import { OFFICER } from './startTestGateway';

export const REQUEST_FIELDS = `id type status subjectId reason createdAt completedAt dueAt overdue alreadyErased lastError
  tasks { source status attempts action records lastError }
  export { downloadUrl sha256 bytes }
  certificate { issuedAt sha256 requestId subjectId verifiedAt sources { source deleted depersonalized retained retainedUntil retainedUnder } }`;

export async function mutate(gw: TestGateway, field: string, input: Record<string, unknown>): Promise<any> {
  const r = await gw.query(`mutation($input: ${inputType(field)}!){ ${field}(input:$input){ ${REQUEST_FIELDS} } }`, { ...OFFICER, variables: { input } });
  if (r.body.errors) throw new Error(`${field} failed: ${JSON.stringify(r.body.errors)}`);
  return r.body.data?.[field];
}

function inputType(field: string): string {
  return { exportSubject: 'ExportSubjectInput', blockSubject: 'BlockSubjectInput', unblockSubject: 'BlockSubjectInput', eraseSubject: 'EraseSubjectInput', rectifySubject: 'RectifySubjectInput' }[field] ?? 'X';
}

export async function getRequest(gw: TestGateway, id: string): Promise<any> {
  const r = await gw.query(`query($id: ID!){ dsrRequest(id:$id){ ${REQUEST_FIELDS} } }`, { ...OFFICER, variables: { id } });
  return r.body.data?.dsrRequest;
}

/** Polls the request over GraphQL, as an automated client would, until it is finished. */
export async function waitFor(gw: TestGateway, id: string, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await getRequest(gw, id);
    if (r && (r.status === 'COMPLETED' || r.status === 'FAILED')) return r;
    if (Date.now() > deadline) throw new Error(`request ${id} did not finish: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
