import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StateSchemaError } from '../src/state/migrateState';
import { openGatewayState } from '../src/state/openGatewayState';
import { createPseudonymizer } from '../src/subjects/Pseudonymizer';

const pseudonymizer = createPseudonymizer('state-open-key');

describe('opening the embedded state', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pg-state-open-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a state directory an earlier version filled with document-store files, and leaves it as it was', async () => {
    const dir = path.join(root, 'state');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'dsr_requests.db'), '{"_id":"dsr_1"}\n');
    await expect(openGatewayState({ url: null, embeddedDir: dir, pseudonymizer, audit: { key: 'k'.repeat(32) } })).rejects.toThrow(StateSchemaError);
    await expect(openGatewayState({ url: null, embeddedDir: dir, pseudonymizer, audit: { key: 'k'.repeat(32) } })).rejects.toThrow(/document-store files \(\*\.db\) of an earlier version: move the directory aside/);
    expect(readdirSync(dir)).toEqual(['dsr_requests.db']);
  });
});
