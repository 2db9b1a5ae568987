import type { ConsoleSettings } from '../consoleSettings';
import { h, replace } from './dom';
import type { Session } from './session';
import { readClaims, TokenFormatError } from './session';

/**
 * Sign-in: the officer pastes a token; the console offers the purposes its roles may declare
 * (from the policy) and the officer picks one. The gateway checks both on the first call.
 */
export function renderSignIn(root: HTMLElement, options: { settings: ConsoleSettings; message?: string; onSignIn: (session: Session) => Promise<void> }): void {
  const tokenInput = h('textarea', { id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-help' });
  const purposeSelect = h('select', { id: 'purpose', name: 'purpose', required: true, disabled: true }, h('option', { value: '' }, 'Paste a token first'));
  const status = h('p', { id: 'signin-status', role: 'status', class: options.message ? 'error' : '' }, options.message ?? '');
  const submit = h('button', { type: 'submit', disabled: true }, 'Sign in');

  const offerPurposes = () => {
    const token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
    if (!token) return;
    try {
      const claims = readClaims(token);
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
        void options.onSignIn({ token, purpose: purposeSelect.value, ...readClaims(token) });
      },
    },
    h('h1', {}, 'privacy-gateway console'),
    h('p', {}, 'For privacy officers: requests due, a person across every system, actions with proof, and the data map.'),
    h('label', { for: 'token' }, 'Token'),
    tokenInput,
    h('p', { id: 'token-help', class: 'help' }, 'Paste a token from ', h('code', {}, 'npm run token -- --role privacy_officer'), '. It stays in this browser tab only.'),
    h('label', { for: 'purpose' }, 'Purpose'),
    purposeSelect,
    submit,
    status,
  );
  replace(root, h('main', { class: 'signin-page' }, form));
  tokenInput.focus();
}
