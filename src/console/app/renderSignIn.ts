import type { ConsoleSettings } from '../consoleSettings';
import { h, replace } from './dom';
import { oidcProblem, startOidcSignIn } from './oidcSignIn';
import type { Session } from './session';
import { readClaims, TokenFormatError } from './session';

/**
 * Sign-in: the officer pastes a token, or (with GATEWAY_OIDC_ISSUER) signs in with the identity
 * provider and comes back with its access token (`token`); the console offers the purposes the
 * token's roles may declare (from the policy) and the officer picks one. The gateway checks both
 * on the first call.
 */
export function renderSignIn(root: HTMLElement, options: { settings: ConsoleSettings; message?: string; token?: string; onSignIn: (session: Session) => Promise<void> }): void {
  const { rolesClaim, oidc } = options.settings;
  const tokenInput = h('textarea', { id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-help' });
  const purposeSelect = h('select', { id: 'purpose', name: 'purpose', required: true, disabled: true }, h('option', { value: '' }, 'Paste a token first'));
  const status = h('p', { id: 'signin-status', role: 'status', class: options.message ? 'error' : '' }, options.message ?? '');
  const submit = h('button', { type: 'submit', disabled: true }, 'Sign in');

  const offerPurposes = () => {
    const token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
    if (!token) return;
    try {
      const claims = readClaims(token, rolesClaim);
      const allowed = options.settings.purposes.filter((p) => p.roles.some((r) => claims.roles.includes(r)));
      replace(purposeSelect, ...allowed.map((p) => h('option', { value: p.id }, `${p.id} — ${p.description}`)));
      purposeSelect.disabled = allowed.length === 0;
      submit.disabled = allowed.length === 0;
      status.className = allowed.length ? '' : 'error';
      status.textContent = allowed.length
        ? `Signed in as ${claims.subject} with roles ${claims.roles.join(', ')}: choose why you read.`
        : `The token's roles (${claims.roles.join(', ') || 'none'}) may declare no purpose of this policy.`;
    } catch (error) {
      if (!(error instanceof TokenFormatError)) throw error;
      purposeSelect.disabled = true;
      submit.disabled = true;
      status.className = 'error';
      status.textContent = error.message;
    }
  };
  tokenInput.addEventListener('input', offerPurposes);

  const form = h(
    'form',
    {
      class: 'signin',
      onsubmit: (event) => {
        event.preventDefault();
        const token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
        submit.disabled = true;
        status.className = '';
        status.textContent = 'Checking the token with the gateway…';
        void options.onSignIn({ token, purpose: purposeSelect.value, ...readClaims(token, rolesClaim) });
      },
    },
    h('h1', {}, 'privacy-gateway console'),
    h('p', {}, 'For privacy officers: requests due, a person across every system, actions with proof, and the data map.'),
    oidc ? identityProvider(oidc, status) : '',
    h('label', { for: 'token' }, oidc ? 'Or paste a token' : 'Token'),
    tokenInput,
    h('p', { id: 'token-help', class: 'help' }, 'Paste a token from ', h('code', {}, 'npm run token -- --role privacy_officer'), '. It stays in this browser tab only.'),
    h('label', { for: 'purpose' }, 'Purpose'),
    purposeSelect,
    submit,
    status,
  );
  replace(root, h('main', { class: 'signin-page' }, form));
  if (options.token) {
    tokenInput.value = options.token;
    offerPurposes();
    purposeSelect.focus();
  } else tokenInput.focus();
}

/** The identity provider's button: leaves for its authorization endpoint (code + PKCE). */
function identityProvider(oidc: NonNullable<ConsoleSettings['oidc']>, status: HTMLElement): HTMLElement {
  const button = h('button', {
    type: 'button',
    id: 'oidc-sign-in',
    onclick: () => {
      button.disabled = true;
      status.className = '';
      status.textContent = `Going to ${new URL(oidc.issuer).host}…`;
      startOidcSignIn(oidc).catch((error: unknown) => {
        button.disabled = false;
        status.className = 'error';
        status.textContent = `The identity provider could not be reached: ${oidcProblem(error)}`;
      });
    },
  }, 'Sign in with the identity provider');
  return h('div', { class: 'oidc' }, button, h('p', { class: 'help' }, `${oidc.issuer}: you come back here with its token, then choose why you read.`));
}
