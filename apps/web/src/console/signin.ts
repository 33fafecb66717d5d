/**
 * The console's sign-in: SDKAppID, admin UserID and an admin ticket. The app's secret key is never
 * typed here, so it cannot leak from a browser; in demo mode a button asks the server for a ticket.
 */
import { type DemoConfig, mintDemoTicket } from '../shared/demo.js';
import { fieldValue, h } from '../shared/dom.js';
import { AdminApi, type AdminCredentials, describeFailure } from './api.js';

export function signInView(demo: DemoConfig, signedIn: (api: AdminApi) => void): HTMLElement {
  const error = h('div', { class: 'error-text', attrs: { role: 'alert', 'data-testid': 'signin-error' } });
  const sdkAppID = h('input', {
    attrs: {
      name: 'sdkAppID',
      inputmode: 'numeric',
      required: true,
      value: demo.demo ? demo.sdkAppID : undefined,
    },
  });
  const identifier = h('input', {
    attrs: {
      name: 'identifier',
      required: true,
      value: demo.demo ? demo.admin : 'administrator',
      autocomplete: 'username',
    },
  });
  const ticket = h('textarea', {
    attrs: { name: 'userSig', rows: 4, required: true, placeholder: 'eJw…', 'data-testid': 'signin-ticket' },
  });
  const form = h(
    'form',
    { class: 'card login-card', attrs: { 'data-testid': 'signin-form' } },
    h('h1', {}, 'Parley console'),
    h('p', { class: 'muted' }, 'Sign in as the app’s admin with an admin ticket (UserSig).'),
    h('label', {}, 'SDKAppID', sdkAppID),
    h('label', {}, 'Admin UserID', identifier),
    h('label', {}, 'Admin ticket', ticket),
    h(
      'p',
      { class: 'muted small' },
      'Make one on the server with ',
      h('code', {}, 'npx parley usersig --sdkappid N --key K --user administrator'),
      '. The secret key stays on the server.',
    ),
    demo.demo
      ? h(
          'button',
          {
            class: 'secondary',
            attrs: { type: 'button', 'data-testid': 'mint-admin-ticket' },
            on: {
              click: () => {
                error.textContent = '';
                mintDemoTicket(identifier.value.trim() || demo.admin)
                  .then((minted) => {
                    ticket.value = minted.userSig;
                    sdkAppID.value = String(minted.sdkAppID);
                  })
                  .catch((cause: unknown) => {
                    error.textContent = `Could not get a demo ticket: ${describeFailure(cause)}`;
                  });
              },
            },
          },
          'Get an admin ticket (demo mode only)',
        )
      : null,
    h('button', { attrs: { type: 'submit', 'data-testid': 'signin-button' } }, 'Sign in'),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    const credentials: AdminCredentials = {
      sdkAppID: Number(fieldValue(form, 'sdkAppID')),
      identifier: fieldValue(form, 'identifier'),
      userSig: fieldValue(form, 'userSig'),
    };
    if (!Number.isSafeInteger(credentials.sdkAppID) || credentials.sdkAppID <= 0) {
      error.textContent = 'The SDKAppID is a positive integer.';
      return;
    }
    const api = new AdminApi(credentials);
    // Reading the settings checks the ticket and the admin right in one call.
    api
      .console('get_app_settings')
      .then(() => signedIn(api))
      .catch((cause: unknown) => {
        error.textContent = `Sign-in refused: ${describeFailure(cause)}`;
      });
  });
  return h('main', { class: 'centered' }, form);
}
