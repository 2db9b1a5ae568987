/**
 * npm run data-map: writes docs/data-map.md and docs/data-map.html, the records of processing,
 * from the policy (POLICY_FILE, else the shipped default) and the declared sources (GATEWAY_SOURCES_FILE): the
 * same inputs the gateway's `dataMap` query answers from, so the document cannot drift from
 * what is enforced. Deterministic: rerunning without a change rewrites identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SOURCES_FILE } from '../src/config';
import { SOURCE_KINDS } from '../src/sourceKinds';
import { readSourcesFiles } from '../src/sources/declarations/readSourcesFiles';
import { describeSources } from '../src/sources/describeSources';
import { buildDataMap } from '../src/policy/buildDataMap';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../src/policy/loadPolicy';
import { renderDataMapHtml, renderDataMapMarkdown } from '../src/policy/renderDataMap';

const ROOT = path.join(__dirname, '..');
const DOCS = path.join(ROOT, 'docs');

function main(): void {
  const policyFile = path.resolve(process.env.POLICY_FILE || DEFAULT_POLICY_FILE);
  const policy = loadPolicy(policyFile);
  const sources = describeSources({ raw: readSourcesFiles(process.env.GATEWAY_SOURCES_FILE || DEFAULT_SOURCES_FILE), policy, kinds: SOURCE_KINDS });
  const map = buildDataMap(policy, sources);
  // Shown relative to the repository, so the generated files do not carry this machine's paths.
  const policySource = path.relative(ROOT, policyFile).split(path.sep).join('/');
  mkdirSync(DOCS, { recursive: true });
  const written = [
    ['data-map.md', renderDataMapMarkdown(map, { policySource })],
    ['data-map.html', renderDataMapHtml(map, { policySource })],
  ].map(([name, text]) => {
    const file = path.join(DOCS, name as string);
    writeFileSync(file, text as string);
    return path.relative(process.cwd(), file);
  });
  console.log(`data map (policy ${map.policyVersion}, ${map.sources.length} sources, ${map.purposes.length} purposes) → ${written.join(', ')}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
