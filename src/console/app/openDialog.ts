import { GraphQLRefusal } from './api';
import type { Child } from './dom';
import { h } from './dom';

/**
 * A modal confirmation (<dialog>: focus moves into it, Escape closes it, the page behind is
 * inert). `onConfirm` returns true when done; `say` writes to the dialog's live status line.
 */
export function openDialog(options: { title: string; body: Child[]; confirm: string; danger?: boolean; onConfirm: (say: (text: string, error: boolean) => void) => Promise<boolean> }): HTMLDialogElement {
  const status = h('p', { role: 'status', class: 'dialog-status' });
  const say = (text: string, error: boolean) => {
    status.textContent = text;
    status.className = `dialog-status${error ? ' error' : ''}`;
  };
  const confirm = h('button', { type: 'submit', class: options.danger ? 'danger' : '' }, options.confirm);
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel');
  const titleId = `dialog-${Math.random().toString(36).slice(2)}`;
  const form = h(
    'form',
    {
      method: 'dialog',
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        confirm.disabled = true;
        say('Working…', false);
        options.onConfirm(say).then(
          (done) => {
            confirm.disabled = done;
            if (done) {
              confirm.hidden = true;
              cancel.textContent = 'Close';
              cancel.focus();
            }
          },
          (error: unknown) => {
            confirm.disabled = false;
            if (!(error instanceof GraphQLRefusal)) throw error;
            say(`The gateway refused: ${error.message}`, true);
          },
        );
      },
    },
    h('h2', { id: titleId }, options.title),
    ...options.body,
    status,
    h('div', { class: 'dialog-buttons' }, cancel, confirm),
  );
  const dialog = h('dialog', { 'aria-labelledby': titleId }, form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  return dialog;
}
