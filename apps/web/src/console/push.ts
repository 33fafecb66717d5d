/**
 * Offline push providers, by business ID: list, add (APNs key, FCM service account, or a webhook
 * gateway) and remove. The server checks a provider as `parley app push add` does; secrets go up
 * and never come back (the list only says a secret is set). Servers use a change within 5 s.
 */
import { fieldValue, h, replace } from '../shared/dom.js';
import { type AdminApi, describeFailure } from './api.js';

export interface PushProviderView {
  businessID: number;
  type: 'apns' | 'fcm' | 'webhook';
  updatedAt: string;
  keyID?: string;
  teamID?: string;
  bundleID?: string;
  sandbox?: boolean;
  endpoint?: string;
  projectID?: string;
  clientEmail?: string;
  url?: string;
  secretSet?: boolean;
}

type ProviderType = PushProviderView['type'];

const TYPES: [ProviderType, string][] = [
  ['apns', 'APNs (Apple)'],
  ['fcm', 'FCM HTTP v1 (Google)'],
  ['webhook', 'Webhook (your own gateway)'],
];

/** What the list shows of a provider besides its type: where it sends and as whom. */
export function describeProvider(p: PushProviderView): string {
  const endpoint = p.endpoint ? ` via ${p.endpoint}` : '';
  switch (p.type) {
    case 'apns':
      return `${p.bundleID} · key ${p.keyID} · team ${p.teamID} · ${p.sandbox ? 'sandbox' : 'production'}${endpoint}`;
    case 'fcm':
      return `project ${p.projectID} · ${p.clientEmail}${endpoint}`;
    case 'webhook':
      return p.url ?? '';
  }
}

export function pushPanel(api: AdminApi): HTMLElement {
  const message = h('p', { class: 'small', attrs: { role: 'status', 'data-testid': 'push-status' } });
  const say = (text: string, ok = true): void => {
    message.className = `small ${ok ? 'ok-text' : 'error-text'}`;
    message.textContent = text;
  };
  const list = h('div', { attrs: { 'data-testid': 'push-list' } });

  const refresh = async (): Promise<void> => {
    try {
      const { Providers } = await api.console<{ Providers: PushProviderView[] }>('list_push_providers');
      replace(list, providerTable(Providers, remove));
    } catch (cause) {
      replace(list, h('p', { class: 'error-text' }, describeFailure(cause)));
    }
  };

  const remove = async (businessID: number): Promise<void> => {
    if (!window.confirm(`Remove push provider ${businessID}? Devices registered under it get no pushes.`))
      return;
    try {
      await api.console('remove_push_provider', { businessID });
      say(`Removed push provider ${businessID}.`);
      await refresh();
    } catch (cause) {
      say(describeFailure(cause), false);
    }
  };

  const form = addForm(
    api,
    (provider) => {
      say(`Saved push provider ${provider.businessID} (${provider.type}).`);
      void refresh();
    },
    (cause) => say(`Not saved: ${describeFailure(cause)}`, false),
  );

  void refresh();
  return h(
    'section',
    { class: 'panel', attrs: { 'data-testid': 'push-panel' } },
    h(
      'div',
      { class: 'card' },
      h(
        'div',
        { class: 'card-head' },
        h('h2', {}, 'Push providers'),
        h(
          'button',
          { class: 'secondary', attrs: { type: 'button' }, on: { click: () => void refresh() } },
          'Refresh',
        ),
      ),
      list,
    ),
    message,
    form,
  );
}

function providerTable(providers: PushProviderView[], remove: (id: number) => Promise<void>): HTMLElement {
  if (providers.length === 0)
    return h(
      'p',
      { class: 'muted pad' },
      'No push providers: devices can register tokens, but no notification is sent. Add one below.',
    );
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Business ID'),
        h('th', {}, 'Type'),
        h('th', {}, 'Sends to'),
        h('th', {}, 'Secret'),
        h('th', {}),
      ),
    ),
    h(
      'tbody',
      {},
      ...providers.map((p) =>
        h(
          'tr',
          { attrs: { 'data-testid': `push-provider-${p.businessID}` } },
          h('td', {}, h('strong', {}, String(p.businessID))),
          h('td', {}, p.type),
          h('td', { class: 'muted' }, describeProvider(p)),
          h('td', { class: 'muted' }, p.type === 'webhook' ? '—' : p.secretSet ? 'set' : 'missing'),
          h(
            'td',
            { class: 'actions' },
            h(
              'button',
              {
                class: 'danger',
                attrs: { type: 'button', 'data-testid': `push-remove-${p.businessID}` },
                on: { click: () => void remove(p.businessID) },
              },
              'Remove',
            ),
          ),
        ),
      ),
    ),
  );
}

function text(
  name: string,
  label: string,
  attrs: Record<string, string | number | boolean> = {},
): HTMLElement {
  return h('label', {}, label, h('input', { attrs: { name, 'data-testid': `push-${name}`, ...attrs } }));
}

/** A pasted secret, or one read from a file the admin picks (the file stays in the browser until saved). */
function secretField(name: string, label: string, accept: string, placeholder: string): HTMLElement {
  const area = h('textarea', {
    attrs: { name, rows: 5, placeholder, spellcheck: false, 'data-testid': `push-${name}` },
  });
  const file = h('input', { attrs: { type: 'file', accept } });
  file.addEventListener('change', () => {
    const chosen = file.files?.[0];
    if (chosen) void chosen.text().then((content) => (area.value = content));
  });
  return h('label', {}, label, area, file);
}

function addForm(
  api: AdminApi,
  saved: (provider: PushProviderView) => void,
  failed: (cause: unknown) => void,
): HTMLFormElement {
  const type = h(
    'select',
    { attrs: { name: 'type', 'data-testid': 'push-type' } },
    ...TYPES.map(([value, label]) => h('option', { attrs: { value } }, label)),
  );
  const sandbox = h('input', { attrs: { type: 'checkbox', name: 'sandbox', 'data-testid': 'push-sandbox' } });
  const sections: Record<ProviderType, HTMLElement> = {
    apns: h(
      'div',
      {},
      secretField('key', 'Key (.p8 contents)', '.p8,.pem,text/plain', '-----BEGIN PRIVATE KEY-----…'),
      h(
        'div',
        { class: 'row' },
        text('keyID', 'Key ID', { maxlength: 200 }),
        text('teamID', 'Team ID', { maxlength: 200 }),
        text('bundleID', 'Bundle ID', { maxlength: 200, placeholder: 'com.example.chat' }),
      ),
      h('label', { class: 'inline' }, sandbox, 'Sandbox (development builds)'),
    ),
    fcm: h(
      'div',
      {},
      secretField(
        'serviceAccount',
        'Service account (JSON contents)',
        '.json,application/json',
        '{"type": "service_account", …}',
      ),
    ),
    webhook: h(
      'div',
      {},
      text('url', 'Gateway URL', { type: 'url', placeholder: 'https://push-gw.internal/parley' }),
      h(
        'p',
        { class: 'muted small' },
        'Each push is POSTed there as JSON: the way to reach Huawei, Xiaomi, OPPO, vivo, Honor or an aggregator.',
      ),
    ),
  };
  const endpoint = text('endpoint', 'Endpoint override (optional: a proxy or test stand-in)', {
    type: 'url',
    placeholder: 'https://…',
  });
  const show = (): void => {
    const chosen = type.value as ProviderType;
    for (const [name, section] of Object.entries(sections)) section.hidden = name !== chosen;
    endpoint.hidden = chosen === 'webhook';
  };
  type.addEventListener('change', show);

  const form = h(
    'form',
    { class: 'card tool', attrs: { 'data-testid': 'push-form' } },
    h('h3', {}, 'Add or replace a provider'),
    h(
      'div',
      { class: 'row' },
      text('businessID', 'Business ID', { type: 'number', min: 0, max: 9_999_999_999, required: true }),
      h('label', {}, 'Type', type),
    ),
    sections.apns,
    sections.fcm,
    sections.webhook,
    endpoint,
    h(
      'p',
      { class: 'muted small' },
      'Apps register device tokens under the business ID with setOfflinePushConfig. Saving an ID that ' +
        'exists replaces it. Keys are stored like the app key and never shown again.',
    ),
    h(
      'div',
      { class: 'row end' },
      h('button', { attrs: { type: 'submit', 'data-testid': 'push-save' } }, 'Save'),
    ),
  );
  show();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = type.value as ProviderType;
    const optional = (name: string) => {
      const value = fieldValue(form, name);
      return value === '' ? {} : { [name]: value };
    };
    const body = {
      businessID: Number(fieldValue(form, 'businessID')),
      type: chosen,
      ...(chosen === 'apns'
        ? {
            key: fieldValue(form, 'key'),
            keyID: fieldValue(form, 'keyID'),
            teamID: fieldValue(form, 'teamID'),
            bundleID: fieldValue(form, 'bundleID'),
            sandbox: sandbox.checked,
            ...optional('endpoint'),
          }
        : chosen === 'fcm'
          ? { serviceAccount: fieldValue(form, 'serviceAccount'), ...optional('endpoint') }
          : { url: fieldValue(form, 'url') }),
    };
    api
      .console<{ Provider: PushProviderView }>('add_push_provider', body)
      .then(({ Provider }) => {
        form.reset();
        show();
        saved(Provider);
      })
      .catch(failed);
  });
  return form;
}
