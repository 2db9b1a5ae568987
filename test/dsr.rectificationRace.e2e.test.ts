import { getRequest, mutate, waitFor } from './kit/dsr';
import type { TestGateway } from './kit/startTestGateway';
import { OFFICER, codes, startTestGateway } from './kit/startTestGateway';

const IDENTITIES = 'query($ref: SubjectRef!){ subject(ref:$ref){ id identities { type value } profile { email } } }';

async function subjectOf(gw: TestGateway, ref: Record<string, string>) {
  const r = await gw.query(IDENTITIES, { ...OFFICER, variables: { ref } });
  expect(r.body.errors).toBeUndefined();
  return r.body.data?.subject;
}

describe('two rectifications giving one email to two subjects: exactly one wins', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // The worker is driven by the test: both requests are accepted (neither has written yet), then carried out in one wave.
    gw = await startTestGateway({ overrides: { startWorker: false } });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('both accepted, carried out at once: one COMPLETED, the other FAILED with CONFLICT and nothing written; no two subjects share the email', async () => {
    const email = 'taken.twice@example.com';
    const [a, b] = await Promise.all([
      mutate(gw, 'rectifySubject', { ref: { email: 'user20@demo.example' }, changes: { email } }),
      mutate(gw, 'rectifySubject', { ref: { email: 'user21@demo.example' }, changes: { email } }),
    ]);
    expect(a.subjectId).not.toBe(b.subjectId);
    await gw.gateway.services.dsr.worker.runOnce();
    const done = [await getRequest(gw, a.id), await getRequest(gw, b.id)];
    expect(done.map((r) => r.status).sort()).toEqual(['COMPLETED', 'FAILED']);
    const winner = done.find((r) => r.status === 'COMPLETED');
    const loser = done.find((r) => r.status === 'FAILED');
    expect(loser.lastError).toMatch(/^CONFLICT: changes\.email: /);
    expect(loser.tasks.filter((t: any) => t.action !== 'none').every((t: any) => t.status === 'FAILED' && t.lastError === 'CONFLICT' && t.attempts === 0)).toBe(true);
    // The email opens the winner only; the loser keeps the email it had, in every source.
    expect((await subjectOf(gw, { email })).id).toBe(winner.subjectId);
    const loserRef = loser.id === a.id ? 'user20@demo.example' : 'user21@demo.example';
    const loserNow = await subjectOf(gw, { email: loserRef });
    expect(loserNow.id).toBe(loser.subjectId);
    expect(loserNow.identities).not.toContainEqual({ type: 'EMAIL', value: email });
    expect(loserNow.profile.email).toBe(loserRef);
    // Retrying the refused one is refused again: the value is the winner's.
    const retried = await gw.query('mutation($id: ID!){ retryDsrRequest(id:$id){ id status } }', { ...OFFICER, variables: { id: loser.id } });
    expect(retried.body.errors).toBeUndefined();
    await gw.gateway.services.dsr.worker.runOnce();
    expect(await getRequest(gw, loser.id)).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/^CONFLICT/) });
  });

  it('with the worker running, two requests at once: one completes; the other is refused with CONFLICT, at acceptance or by the worker', async () => {
    gw.gateway.services.dsr.start();
    try {
      const email = 'raced.live@example.com';
      const send = (from: string) => gw.query('mutation($input: RectifySubjectInput!){ rectifySubject(input:$input){ id subjectId } }', { ...OFFICER, variables: { input: { ref: { email: from }, changes: { email } } } });
      const answers = await Promise.all([send('user22@demo.example'), send('user23@demo.example')]);
      const accepted = answers.filter((r) => !r.body.errors).map((r) => r.body.data?.rectifySubject);
      const refused = answers.filter((r) => r.body.errors);
      for (const r of refused) expect(codes(r)).toEqual(['CONFLICT']);
      const finished = await Promise.all(accepted.map((r) => waitFor(gw, r.id)));
      const completed = finished.filter((r) => r.status === 'COMPLETED');
      expect(completed).toHaveLength(1);
      for (const r of finished.filter((x) => x.status !== 'COMPLETED')) expect(r).toMatchObject({ status: 'FAILED', lastError: expect.stringMatching(/^CONFLICT/) });
      expect(refused.length + finished.length - completed.length).toBe(1);
      expect((await subjectOf(gw, { email })).id).toBe(completed[0].subjectId);
    } finally {
      await gw.gateway.services.dsr.stop();
    }
  });
});
