/**
 * App settings: login policy and caps, callback URL, message settings, name. Changes apply to new
 * logins and messages within 5 s.
 */
import { fieldValue, h, replace } from '../shared/dom.js';
import { type AdminApi, describeFailure } from './api.js';

export interface AppSettingsView {
  sdkAppID: number;
  admins: string[];
  name: string;
  loginPolicy: 'single' | 'dual' | 'triple' | 'multi';
  maxWebInstances: number;
  maxInstancesPerPlatform: number;
  callbackUrl: string | null;
  messageRetentionDays: number;
  revokeWindowSeconds: number;
  maxMessageBodyBytes: number;
  /** Group types with per-message read receipts (docs/read-receipts.md). */
  readReceiptGroupTypes: string[];
}

/** The group types read receipts can be on for (AVChatRoom never has them). */
const RECEIPT_TYPES = ['Work', 'Public', 'Meeting', 'Community'] as const;

/** login.md §6.1, in words a console user understands. */
const POLICIES: [AppSettingsView['loginPolicy'], string][] = [
  ['single', 'Single: one device at a time (a new login on any platform signs the other out)'],
  ['dual', 'Dual: one mobile or desktop device plus web'],
  ['triple', 'Triple: one mobile, one desktop, plus web'],
  ['multi', 'Multi: any platforms together, within the per-platform caps'],
];

export function settingsPanel(api: AdminApi): HTMLElement {
  const panel = h('section', { class: 'panel', attrs: { 'data-testid': 'settings-panel' } });
  replace(panel, h('p', { class: 'muted' }, 'Loading…'));
  api
    .console<{ Settings: AppSettingsView }>('get_app_settings')
    .then(({ Settings }) => replace(panel, ...form(api, Settings)))
    .catch((cause: unknown) => replace(panel, h('p', { class: 'error-text' }, describeFailure(cause))));
  return panel;
}

function numberInput(name: string, value: number, min: number, max: number): HTMLInputElement {
  return h('input', {
    attrs: { name, type: 'number', min, max, value, required: true, 'data-testid': `setting-${name}` },
  });
}

function form(api: AdminApi, settings: AppSettingsView): HTMLElement[] {
  const status = h('span', { class: 'small', attrs: { role: 'status', 'data-testid': 'settings-status' } });
  const policy = h(
    'select',
    { attrs: { name: 'loginPolicy', 'data-testid': 'setting-loginPolicy' } },
    ...POLICIES.map(([value, text]) =>
      h('option', { attrs: { value, selected: value === settings.loginPolicy } }, text),
    ),
  );
  const element = h(
    'form',
    { class: 'card settings-form' },
    h('h2', {}, 'App settings'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'SDKAppID'),
      h('dd', {}, String(settings.sdkAppID)),
      h('dt', {}, 'Admins'),
      h('dd', {}, settings.admins.join(', ')),
    ),
    h(
      'label',
      {},
      'Name',
      h('input', { attrs: { name: 'name', value: settings.name, required: true, maxlength: 100 } }),
    ),
    h('label', {}, 'Login policy', policy),
    h(
      'div',
      { class: 'row' },
      h(
        'label',
        {},
        'Web instances per user (1–10)',
        numberInput('maxWebInstances', settings.maxWebInstances, 1, 10),
      ),
      h(
        'label',
        {},
        'Instances per native platform (1–3)',
        numberInput('maxInstancesPerPlatform', settings.maxInstancesPerPlatform, 1, 3),
      ),
    ),
    h(
      'div',
      { class: 'row' },
      h(
        'label',
        {},
        'Message history kept (days, 1–3650)',
        numberInput('messageRetentionDays', settings.messageRetentionDays, 1, 3650),
      ),
      h(
        'label',
        {},
        'Recall window (seconds, 0–604800)',
        numberInput('revokeWindowSeconds', settings.revokeWindowSeconds, 0, 604_800),
      ),
      h(
        'label',
        {},
        'Largest message (bytes, 1–65536)',
        numberInput('maxMessageBodyBytes', settings.maxMessageBodyBytes, 1, 65_536),
      ),
    ),
    h(
      'fieldset',
      { attrs: { 'data-testid': 'setting-readReceiptGroupTypes' } },
      h('legend', {}, 'Read receipts per message in these group types'),
      ...RECEIPT_TYPES.map((type) =>
        h(
          'label',
          {},
          h('input', {
            attrs: {
              type: 'checkbox',
              name: 'readReceiptGroupTypes',
              value: type,
              checked: settings.readReceiptGroupTypes.includes(type),
            },
          }),
          ` ${type}`,
        ),
      ),
    ),
    h(
      'label',
      {},
      'Callback URL (state changes and message callbacks; empty for none)',
      h('input', {
        attrs: {
          name: 'callbackUrl',
          type: 'url',
          value: settings.callbackUrl ?? '',
          placeholder: 'https://…',
        },
      }),
    ),
    h(
      'p',
      { class: 'muted small' },
      'New logins and messages follow a change within 5 seconds; devices already online stay until ' +
        'their next login. ' +
        'The app’s key and admins are changed with ',
      h('code', {}, 'npx parley app set'),
      '.',
    ),
    h(
      'div',
      { class: 'row end' },
      status,
      h('button', { attrs: { type: 'submit', 'data-testid': 'settings-save' } }, 'Save'),
    ),
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    status.className = 'small';
    status.textContent = 'Saving…';
    const callbackUrl = fieldValue(element, 'callbackUrl');
    api
      .console<{ Settings: AppSettingsView }>('set_app_settings', {
        name: fieldValue(element, 'name'),
        loginPolicy: fieldValue(element, 'loginPolicy'),
        maxWebInstances: Number(fieldValue(element, 'maxWebInstances')),
        maxInstancesPerPlatform: Number(fieldValue(element, 'maxInstancesPerPlatform')),
        callbackUrl: callbackUrl === '' ? null : callbackUrl,
        messageRetentionDays: Number(fieldValue(element, 'messageRetentionDays')),
        revokeWindowSeconds: Number(fieldValue(element, 'revokeWindowSeconds')),
        maxMessageBodyBytes: Number(fieldValue(element, 'maxMessageBodyBytes')),
        readReceiptGroupTypes: RECEIPT_TYPES.filter(
          (type) =>
            element.querySelector<HTMLInputElement>(`input[name="readReceiptGroupTypes"][value="${type}"]`)
              ?.checked === true,
        ),
      })
      .then(({ Settings }) => {
        status.className = 'small ok-text';
        status.textContent = `Saved: login policy ${Settings.loginPolicy}.`;
      })
      .catch((cause: unknown) => {
        status.className = 'small error-text';
        status.textContent = `Not saved: ${describeFailure(cause)}`;
      });
  });
  return [element];
}
