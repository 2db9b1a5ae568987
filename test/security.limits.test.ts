import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLOCK_TOLERANCE_SECONDS, MAX_ROLES, MAX_SUB_LENGTH, MAX_TOKEN_BYTES } from '../src/auth/createTokenVerifier';
import { DEFAULT_JWT_MAX_TTL_SECONDS } from '../src/config';
import { LIMITS } from '../src/graphql/createGraphQL';
import { MAX_BODY_BYTES } from '../src/http/handleGraphQL';
import { loadPolicy } from '../src/policy/loadPolicy';
import { MAX_REFS } from '../src/resolvers/subjectResolvers';
import { CHECKPOINT_EVERY_EVENTS, CHECKPOINT_EVERY_MS } from '../src/state/AuditLog';

/** SECURITY.md quotes the limits the code enforces: each figure here is read from its constant, so the page cannot drift. */
const page = readFileSync(path.join(__dirname, '..', 'SECURITY.md'), 'utf8').replace(/\s+/g, ' ');
/** As the page writes numbers: thousands apart by a space ("8 192"). */
const n = (value: number): string => value.toLocaleString('en-US').replace(/,/g, ' ');
const rate = loadPolicy().rateLimit;

describe('SECURITY.md quotes the code', () => {
  it.each([
    ['token size', `over ${n(MAX_TOKEN_BYTES)} characters`],
    ['roles and sub', `at most ${MAX_ROLES} names`],
    ['sub length', `over ${MAX_SUB_LENGTH} characters`],
    ['clock tolerance', `more than ${CLOCK_TOLERANCE_SECONDS} seconds in the future`],
    ['default token lifetime', `default ${DEFAULT_JWT_MAX_TTL_SECONDS / 3600} hours`],
    ['request body', `| ${MAX_BODY_BYTES / 1024} KiB, declared or streamed |`],
    ['graphql limits', `| ${[LIMITS.maxDepth, LIMITS.maxAliases, LIMITS.maxDirectives, LIMITS.maxTokens, LIMITS.maxCost].map(n).join(' / ')} |`],
    ['refs per subjects call', `| ${n(MAX_REFS)} / 100 / 1 to 100 |`],
    ['checkpoint cadence', `after every ${n(CHECKPOINT_EVERY_EVENTS)} events or ${CHECKPOINT_EVERY_MS / 1000} seconds`],
    ['shipped rate limit', `(shipped: ${n(rate?.burst ?? NaN)} and ${n(rate?.perMinute ?? NaN)})`],
  ])('%s', (_what, text) => {
    expect(page).toContain(text);
  });
});
