import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDocumentStore } from '../../src/store/createDocumentStore';
import type { DocumentStore } from '../../src/store/DocumentStore';
import { mutate, waitFor } from '../kit/dsr';
import { fidesFile, loadMongoSample } from '../kit/fidesFixtures';
import type { TestGateway } from '../kit/startTestGateway';
import { OFFICER, startTestGateway } from '../kit/startTestGateway';

/**
 * Fides' MongoDB example (mongo_sample.js, nested documents and arrays) with Fides' own dataset,
 * unchanged, as a `mongodb` source on the embedded document store: identities inside nested
 * documents and arrays, references through nested arrays, erasure of one person's documents only.
 */
const SUBJECT = `query($ref: SubjectRef!){ subject(ref:$ref){ id
  mongoCustomerFeedback { id rating message customerInformation { phone } }
  mongoInternalCustomerProfile { id derivedInterests customerIdentifiers { derivedEmails derivedPhone } }
  mongoRewards { id owner { phone } }
  mongoEmployee { id }
} }`;

describe('a Fides MongoDB dataset, unchanged, over the embedded document store', () => {
  let gw: TestGateway;
  let store: DocumentStore;
  let sample: Record<string, Array<Record<string, unknown>>>;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pg-fides-mongo-'));
    const seeding = createDocumentStore({ dir: path.join(dataDir, 'mongo') });
    sample = await loadMongoSample(seeding);
    await seeding.close();
    const sourcesFile = path.join(dataDir, 'sources.yaml');
    writeFileSync(sourcesFile, `sources:\n  mongo:\n    kind: mongodb\n    description: Fides example (MongoDB)\n    dataset: ${JSON.stringify(fidesFile('mongo_example_test_dataset.yml'))}\n`);
    gw = await startTestGateway({ dataDir, env: { GATEWAY_SOURCES_FILE: sourcesFile, GATEWAY_SEED_DEMO: 'off' } });
    store = gw.gateway.systems.get('mongo') as DocumentStore;
  }, 120_000);

  afterAll(async () => {
    await gw?.close();
  });

  it('finds customer-1 by an email inside a nested document, and follows the nested reference to her internal profile', async () => {
    const r = await gw.query(SUBJECT, { ...OFFICER, variables: { ref: { email: 'customer-1@example.com' } } });
    expect(r.body.errors).toBeUndefined();
    const s = r.body.data?.subject;
    const feedback = sample.customer_feedback!.filter((d) => (d.customer_information as { email: string }).email === 'customer-1@example.com');
    expect(s.mongoCustomerFeedback).toEqual(feedback.map((d) => ({ id: expect.any(String), rating: d.rating, message: d.message, customerInformation: { phone: (d.customer_information as { phone: string }).phone } })));
    const internalIds = feedback.map((d) => (d.customer_information as { internal_customer_id: string }).internal_customer_id);
    const profiles = sample.internal_customer_profile!.filter((d) => internalIds.includes((d.customer_identifiers as { internal_id: string }).internal_id));
    expect(s.mongoInternalCustomerProfile.map((p: { derivedInterests: string[] }) => p.derivedInterests)).toEqual(profiles.map((p) => p.derived_interests));
    expect(s.mongoEmployee).toEqual([]);
  });

  it('finds jane by an email inside an array, and her rewards through a reference between nested arrays', async () => {
    const r = await gw.query(SUBJECT, { ...OFFICER, variables: { ref: { email: 'jane@example.com' } } });
    expect(r.body.errors).toBeUndefined();
    const s = r.body.data?.subject;
    const profile = sample.internal_customer_profile!.find((d) => ((d.customer_identifiers as { derived_emails?: string[] }).derived_emails ?? []).includes('jane@example.com'))!;
    const phones = (profile.customer_identifiers as { derived_phone: string[] }).derived_phone;
    expect(s.mongoInternalCustomerProfile).toHaveLength(1);
    expect(s.mongoInternalCustomerProfile[0].customerIdentifiers.derivedPhone).toEqual(phones);
    const rewards = sample.rewards!.filter((d) => (d.owner as Array<{ phone: string }>).some((o) => phones.includes(o.phone)));
    expect(rewards).toHaveLength(2);
    expect(s.mongoRewards.map((x: { owner: Array<{ phone: string }> }) => x.owner.map((o) => o.phone))).toEqual(rewards.map((d) => (d.owner as Array<{ phone: string }>).map((o) => o.phone)));
  });

  it('erases customer-1: her feedback and internal profile go, customer 2 and jane keep theirs', async () => {
    const feedbackBefore = await store.collection('customer_feedback').count({});
    const request = await mutate(gw, 'eraseSubject', { ref: { email: 'customer-1@example.com' } });
    const done = await waitFor(gw, request.id, 60_000);
    expect(done.status).toBe('COMPLETED');
    expect(done.certificate.sources).toEqual([expect.objectContaining({ source: 'mongo', deleted: 2, retained: 0 })]);
    expect(await store.collection('customer_feedback').count({})).toBe(feedbackBefore - 1);
    expect(await store.collection('customer_feedback').count({ 'customer_information.email': 'customer-2@example.com' })).toBe(1);
    expect(await store.collection('internal_customer_profile').count({ 'customer_identifiers.internal_id': 'cust_001' })).toBe(0);
    expect(await store.collection('internal_customer_profile').count({})).toBe(2);
    const jane = await gw.query(SUBJECT, { ...OFFICER, variables: { ref: { email: 'jane@example.com' } } });
    expect(jane.body.data?.subject.mongoRewards).toHaveLength(2);
  });
});
