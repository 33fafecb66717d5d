/**
 * Online users: the app's accounts (a page at a time) with their status from the REST
 * `query_online_status`, each device's platform and state, and kick for a user or one device.
 */
import { h, replace } from '../shared/dom.js';
import { type AdminApi, describeFailure } from './api.js';

interface Device {
  Platform: string;
  Status: string;
  InstID?: string;
}

interface StatusResult {
  To_Account: string;
  Status: 'Online' | 'PushOnline' | 'Offline';
  Detail?: Device[];
}

/** The REST query takes up to 500 UserIDs, so one page of accounts is one query. */
const PAGE = 500;

export function onlinePanel(api: AdminApi): HTMLElement {
  const body = h('div', { attrs: { 'data-testid': 'online-list' } });
  const message = h('p', { class: 'small', attrs: { role: 'status', 'data-testid': 'online-status' } });
  const onlyOnline = h('input', { attrs: { type: 'checkbox', checked: true } });

  const refresh = async (): Promise<void> => {
    try {
      const page = await api.console<{ Accounts: { userID: string }[] }>('list_accounts', { limit: PAGE });
      if (page.Accounts.length === 0) {
        replace(body, h('p', { class: 'muted pad' }, 'No accounts yet.'));
        return;
      }
      const answer = await api.rest<{ QueryResult: StatusResult[] }>('openim/query_online_status', {
        To_Account: page.Accounts.map((account) => account.userID),
        IsNeedDetail: 1,
        IsReturnInstid: 1,
      });
      const shown = answer.QueryResult.filter((result) => !onlyOnline.checked || result.Status !== 'Offline');
      replace(
        body,
        shown.length === 0 ? h('p', { class: 'muted pad' }, 'Nobody is online.') : table(shown, kick),
      );
    } catch (cause) {
      replace(body, h('p', { class: 'error-text pad' }, describeFailure(cause)));
    }
  };

  const kick = async (userID: string, instanceID?: string): Promise<void> => {
    try {
      await api.rest(
        'im_open_login_svc/kick',
        instanceID === undefined ? { UserID: userID } : { UserID: userID, InstanceID: instanceID },
      );
      message.className = 'small ok-text';
      message.textContent =
        instanceID === undefined
          ? `Kicked ${userID} from every device; their older tickets no longer work.`
          : `Signed ${userID} out of one device.`;
      await refresh();
    } catch (cause) {
      message.className = 'small error-text';
      message.textContent = describeFailure(cause);
    }
  };

  onlyOnline.addEventListener('change', () => void refresh());
  void refresh();
  return h(
    'section',
    { class: 'panel', attrs: { 'data-testid': 'online-panel' } },
    message,
    h(
      'div',
      { class: 'card' },
      h(
        'div',
        { class: 'card-head' },
        h('h2', {}, 'Online users'),
        h('label', { class: 'inline' }, onlyOnline, 'Online only'),
        h(
          'button',
          {
            class: 'secondary',
            attrs: { type: 'button', 'data-testid': 'online-refresh' },
            on: { click: () => void refresh() },
          },
          'Refresh',
        ),
      ),
      body,
    ),
  );
}

function table(
  results: StatusResult[],
  kick: (userID: string, instanceID?: string) => Promise<void>,
): HTMLElement {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'UserID'), h('th', {}, 'Status'), h('th', {}, 'Devices'), h('th', {})),
    ),
    h(
      'tbody',
      {},
      ...results.map((result) =>
        h(
          'tr',
          { attrs: { 'data-testid': `online-${result.To_Account}` } },
          h('td', {}, h('strong', {}, result.To_Account)),
          h(
            'td',
            {},
            h(
              'span',
              {
                class: `pill ${result.Status === 'Online' ? 'online' : result.Status === 'PushOnline' ? 'connecting' : ''}`,
              },
              result.Status,
            ),
          ),
          h(
            'td',
            {},
            ...(result.Detail ?? []).map((device) =>
              h(
                'div',
                { class: 'device' },
                h('span', {}, `${device.Platform} · ${device.Status}`),
                device.InstID
                  ? h(
                      'button',
                      {
                        class: 'link',
                        attrs: { type: 'button', title: device.InstID },
                        on: { click: () => void kick(result.To_Account, device.InstID) },
                      },
                      'Sign out',
                    )
                  : null,
              ),
            ),
          ),
          h(
            'td',
            { class: 'actions' },
            h(
              'button',
              {
                class: 'danger',
                attrs: { type: 'button', 'data-testid': `kick-${result.To_Account}` },
                on: { click: () => void kick(result.To_Account) },
              },
              'Kick',
            ),
          ),
        ),
      ),
    ),
  );
}
