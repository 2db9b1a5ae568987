/**
 * npm run token -- --role <role> [--role <role>…] [--sub <client-id>] [--ttl 1h]
 * Prints a signed HS256 caller token for local use (GATEWAY_JWT_SECRET, or the dev secret).
 */
import { parseArgs } from 'node:util';
import { signToken } from '../src/auth/signToken';
import { readConfig } from '../src/config';
import { loadPolicy } from '../src/policy/loadPolicy';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string', multiple: true }, sub: { type: 'string' }, ttl: { type: 'string' } } });
  const config = readConfig();
  const policy = loadPolicy(config.policyFile ?? undefined);
  const roles = values.role ?? [];
  if (roles.length === 0) throw new Error(`expected --role <role>, one of: ${[...policy.roles.keys()].join(', ')}`);
  for (const role of roles) if (!policy.roles.has(role)) throw new Error(`expected a role of the policy (${[...policy.roles.keys()].join(', ')}), got "${role}"`);
  const token = await signToken({ secret: config.jwt.secret, sub: values.sub ?? `local-${roles[0]}`, roles, ttl: values.ttl ?? '1h', issuer: config.jwt.issuer ?? undefined, audience: config.jwt.audience ?? undefined });
  if (config.jwt.devSecret) console.error('(signed with the development secret: set GATEWAY_JWT_SECRET to match your gateway)');
  console.error(`purposes this token may declare: ${[...new Set(roles.flatMap((r) => policy.roles.get(r) ?? []))].join(', ')}`);
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
