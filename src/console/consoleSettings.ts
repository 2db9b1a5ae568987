import type { Config } from '../config';
import type { Policy } from '../policy/Policy';

/**
 * What the console needs before sign-in: which purposes exist and which roles may declare each,
 * where a token keeps its roles, and the identity provider to sign in with. Policy and
 * configuration text only, never data or secrets (the console is a public client: PKCE, no secret).
 */
export interface ConsoleSettings {
  readonly endpoint: string;
  readonly purposes: ReadonlyArray<{ id: string; description: string; basis: string; roles: string[] }>;
  /** GATEWAY_ROLES_CLAIM: the dotted path of the roles in a token. */
  readonly rolesClaim: string;
  readonly oidc: Config['oidc'];
}

export function consoleSettings(options: { policy: Policy; rolesClaim: string; oidc: Config['oidc'] }): ConsoleSettings {
  const { policy } = options;
  return {
    endpoint: '/graphql',
    rolesClaim: options.rolesClaim,
    oidc: options.oidc,
    purposes: [...policy.purposes.values()].map((p) => ({
      id: p.id,
      description: p.description,
      basis: p.basis,
      roles: [...policy.roles.entries()].filter(([, ps]) => ps.includes(p.id)).map(([r]) => r),
    })),
  };
}
