// Login: user name and password (and the authenticator's code for roles that need one).
import { login } from '/ui/api.js';
import { h, show, errorLine, report } from '/ui/dom.js';

export const id = 'login';
export const title = 'Log in';
export function visible() { return false; }

export async function render(root, context, { onLogin }) {
  const failure = errorLine('login-error');
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const totp = h('input', { id: 'login-totp', name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6,8}' });
  const submit = h('button', { id: 'login-submit', type: 'submit' }, 'Log in');
  const form = h('form', {
    'aria-labelledby': 'login-title',
    onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      report(failure, null);
      try {
        await login(username.value.trim(), password.value, totp.value.trim() || undefined);
        await onLogin();
      } catch (error) {
        report(failure, error);
        password.select();
      } finally {
        submit.disabled = false;
      }
    },
  },
    h('label', {}, 'User name', username),
    h('label', {}, 'Password', password),
    h('label', {}, 'One-time code (only if your role needs one)', totp),
    submit, failure);
  show(root, h('section', { class: 'panel login' }, h('h1', { id: 'login-title' }, 'JetMES shop floor'),
    h('p', { class: 'note' }, 'Log in with your MES account. What you see and may do follows your roles.'), form));
  username.focus();
}
