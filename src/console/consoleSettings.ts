import type { Policy } from '../policy/Policy';

/** What the console needs before sign-in: which purposes exist and which roles may declare each. Policy text only, never data. */
export interface ConsoleSettings {
  readonly endpoint: string;
  readonly purposes: ReadonlyArray<{ id: string; description: string; basis: string; roles: string[] }>;
}

export function consoleSettings(policy: Policy): ConsoleSettings {
  return {
    endpoint: '/graphql',
    purposes: [...policy.purposes.values()].map((p) => ({
      id: p.id,
      description: p.description,
      basis: p.basis,
      roles: [...policy.roles.entries()].filter(([, ps]) => ps.includes(p.id)).map(([r]) => r),
    })),
  };
}
