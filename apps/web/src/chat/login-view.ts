/** The login card: a UserID in demo mode, or SDKAppID + UserID + ticket against a production server. */
import { type DemoConfig, mintDemoTicket } from '../shared/demo.js';
import { fieldValue, h } from '../shared/dom.js';
import type { LoginRequest } from './connection.js';

export interface LoginViewOptions {
  demo: DemoConfig;
  /** Shown above the form, e.g. why the last session ended. */
  notice?: string;
  userID?: string;
  /** Resolves an error message to show, or undefined when the login worked. */
  login(request: LoginRequest): Promise<string | undefined>;
}

export function loginView(options: LoginViewOptions): HTMLElement {
  const error = h('div', { class: 'error-text', attrs: { role: 'alert', 'data-testid': 'login-error' } });
  const button = h('button', { attrs: { type: 'submit', 'data-testid': 'login-button' } }, 'Log in');
  const demo = options.demo.demo;
  const form = h(
    'form',
    { class: 'card login-card', attrs: { 'data-testid': 'login-form' } },
    h('h1', {}, 'Parley chat'),
    h(
      'p',
      { class: 'muted' },
      demo
        ? 'Pick any UserID; open a second tab with another one to chat between them.'
        : 'Log in with a ticket (UserSig) made by your backend with the app’s secret key.',
    ),
    options.notice
      ? h('p', { class: 'error-text', attrs: { 'data-testid': 'login-notice' } }, options.notice)
      : null,
    demo
      ? null
      : h(
          'label',
          {},
          'SDKAppID',
          h('input', {
            attrs: { name: 'sdkAppID', inputmode: 'numeric', required: true, autocomplete: 'off' },
          }),
        ),
    h(
      'label',
      {},
      'UserID',
      h('input', {
        attrs: {
          name: 'userID',
          required: true,
          maxlength: 32,
          autocomplete: 'username',
          placeholder: 'e.g. alice',
          value: options.userID,
          'data-testid': 'login-user',
        },
      }),
    ),
    demo
      ? null
      : h(
          'label',
          {},
          'Ticket (UserSig)',
          h('textarea', { attrs: { name: 'userSig', rows: 4, required: true } }),
        ),
    button,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    button.disabled = true;
    button.textContent = 'Logging in…';
    void submit(form, options)
      .then((message) => {
        if (message !== undefined) error.textContent = message;
      })
      .finally(() => {
        button.disabled = false;
        button.textContent = 'Log in';
      });
  });
  queueMicrotask(() => form.querySelector<HTMLInputElement>('input[name="userID"]')?.focus());
  return h('main', { class: 'centered' }, form);
}

async function submit(form: HTMLFormElement, options: LoginViewOptions): Promise<string | undefined> {
  const userID = fieldValue(form, 'userID');
  if (userID === '') return 'Type a UserID.';
  if (!options.demo.demo) {
    const sdkAppID = Number(fieldValue(form, 'sdkAppID'));
    if (!Number.isSafeInteger(sdkAppID) || sdkAppID <= 0) return 'The SDKAppID is a positive integer.';
    return options.login({ sdkAppID, userID, userSig: fieldValue(form, 'userSig') });
  }
  try {
    const ticket = await mintDemoTicket(userID, demoTicketSeconds());
    return await options.login({ sdkAppID: ticket.sdkAppID, userID, userSig: ticket.userSig });
  } catch (cause) {
    return `Could not get a demo ticket: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
}

/**
 * `?expire=SECONDS` (5 to 86400) asks the demo server for a short-lived ticket, to see the
 * "ticket expired" banner without waiting a day.
 */
export function demoTicketSeconds(): number | undefined {
  const text = new URLSearchParams(window.location.search).get('expire');
  const seconds = Number(text);
  return text !== null && Number.isSafeInteger(seconds) && seconds >= 5 && seconds <= 86_400
    ? seconds
    : undefined;
}
