import type { ConsoleSettings } from '../consoleSettings';
import type { DataMap } from '../../policy/buildDataMap';
import { graphqlData, GraphQLRefusal } from './api';
import type { ConsoleContext } from './ConsoleContext';
import { h, replace } from './dom';
import { dataMapQuery } from './dataMapQuery';
import { finishOidcSignIn, oidcProblem } from './oidcSignIn';
import { loadSchemaInfo } from './schemaInfo';
import type { Session } from './session';
import { clearSession, saveSession, storedSession } from './session';
import { renderShell } from './renderShell';
import { renderSignIn } from './renderSignIn';

/**
 * The privacy officer's console. It calls nothing but this gateway's public GraphQL API (and the
 * export download beside it), always with the officer's token and the purpose shown at the top.
 */
async function boot(root: HTMLElement): Promise<void> {
  const settings = (await (await fetch('/console/settings.json')).json()) as ConsoleSettings;
  const signIn = (message?: string, token?: string) =>
    renderSignIn(root, {
      settings,
      message,
      token,
      onSignIn: async (session) => {
        saveSession(session);
        await start(session);
      },
    });
  const start = async (session: Session): Promise<void> => {
    try {
      const credentials = { token: session.token, purpose: session.purpose };
      const [schema, map] = await Promise.all([loadSchemaInfo(credentials), graphqlData<{ dataMap: DataMap }>({ credentials, query: dataMapQuery })]);
      const ctx: ConsoleContext = {
        session,
        settings,
        schema,
        dataMap: map.dataMap,
        declarable: settings.purposes.filter((p) => p.roles.some((r) => session.roles.includes(r))).map((p) => p.id),
        credentials: (purpose = session.purpose) => ({ token: session.token, purpose }),
        handoff: { ref: null },
      };
      renderShell(root, {
        ctx,
        onPurpose: (purpose) => {
          saveSession({ token: session.token, purpose });
          void start({ ...session, purpose });
        },
        onSignOut: () => {
          clearSession();
          signIn();
        },
      });
    } catch (error) {
      if (!(error instanceof GraphQLRefusal)) throw error;
      clearSession();
      signIn(`The gateway refused this sign-in: ${error.message}`);
    }
  };
  if (settings.oidc) {
    // A return from the identity provider: its access token, then the purpose to read for.
    const returned = await finishOidcSignIn(settings.oidc).catch((error: unknown) => {
      signIn(`The identity provider's sign-in failed: ${oidcProblem(error)}`);
      return undefined;
    });
    if (returned === undefined) return;
    if (returned) return signIn(undefined, returned);
  }
  const session = storedSession(settings.rolesClaim);
  if (session) await start(session);
  else signIn();
}

const root = document.getElementById('app');
if (root) {
  boot(root).catch((error: unknown) => {
    replace(root, h('p', { role: 'alert', class: 'error' }, `The console could not start: ${error instanceof Error ? error.message : String(error)}`));
  });
}
