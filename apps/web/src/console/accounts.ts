/** Accounts: import one (with a nickname), check which exist, delete, and a page-by-page list. */
import { fieldValue, h, replace } from '../shared/dom.js';
import { type AdminApi, describeFailure } from './api.js';

interface AccountRow {
  userID: string;
  nick: string;
  createdAt: number;
}

interface ResultItem {
  UserID: string;
  ResultCode: number;
  ResultInfo: string;
  AccountStatus?: 'Imported' | 'NotImported';
}

/** UserIDs typed as a list: commas, spaces or new lines between them. */
export function parseUserIDs(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((id) => id !== ''))];
}

export function accountsPanel(api: AdminApi): HTMLElement {
  const message = h('p', { class: 'small', attrs: { role: 'status', 'data-testid': 'accounts-status' } });
  const say = (text: string, ok = true): void => {
    message.className = `small ${ok ? 'ok-text' : 'error-text'}`;
    message.textContent = text;
  };
  const list = h('div', { attrs: { 'data-testid': 'account-list' } });
  const results = h('div');

  const refresh = async (after?: string): Promise<void> => {
    try {
      const page = await api.console<{ Accounts: AccountRow[]; Next: string | null }>('list_accounts', {
        limit: 50,
        ...(after === undefined ? {} : { after }),
      });
      replace(
        list,
        accountTable(page.Accounts, remove),
        page.Next ? nextButton(() => void refresh(page.Next ?? undefined)) : null,
      );
    } catch (cause) {
      replace(list, h('p', { class: 'error-text' }, describeFailure(cause)));
    }
  };

  const remove = async (userIDs: string[]): Promise<void> => {
    if (!window.confirm(`Delete ${userIDs.join(', ')}? This cannot be undone.`)) return;
    try {
      const answer = await api.rest<{ ResultItem: ResultItem[] }>('im_open_login_svc/account_delete', {
        DeleteItem: userIDs.map((UserID) => ({ UserID })),
      });
      const failed = answer.ResultItem.filter((item) => item.ResultCode !== 0);
      say(
        failed.length === 0
          ? `Deleted ${userIDs.join(', ')}.`
          : failed.map((i) => `${i.UserID}: ${i.ResultInfo}`).join('; '),
        failed.length === 0,
      );
      await refresh();
    } catch (cause) {
      say(describeFailure(cause), false);
    }
  };

  const importForm = h(
    'form',
    { class: 'card tool', attrs: { 'data-testid': 'import-form' } },
    h('h3', {}, 'Import an account'),
    h(
      'div',
      { class: 'row' },
      h(
        'label',
        {},
        'UserID',
        h('input', {
          attrs: { name: 'userID', required: true, maxlength: 32, 'data-testid': 'import-user' },
        }),
      ),
      h('label', {}, 'Nickname (optional)', h('input', { attrs: { name: 'nick', maxlength: 100 } })),
    ),
    h(
      'div',
      { class: 'row end' },
      h('button', { attrs: { type: 'submit', 'data-testid': 'import-button' } }, 'Import'),
    ),
  );
  importForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const userID = fieldValue(importForm, 'userID');
    const nick = fieldValue(importForm, 'nick');
    api
      .rest(
        'im_open_login_svc/account_import',
        nick === '' ? { UserID: userID } : { UserID: userID, Nick: nick },
      )
      .then(() => {
        say(`Imported ${userID}.`);
        importForm.reset();
        return refresh();
      })
      .catch((cause: unknown) => say(describeFailure(cause), false));
  });

  const checkForm = h(
    'form',
    { class: 'card tool', attrs: { 'data-testid': 'check-form' } },
    h('h3', {}, 'Check accounts'),
    h(
      'label',
      {},
      'UserIDs (up to 100, separated by commas or spaces)',
      h('input', { attrs: { name: 'ids', required: true, 'data-testid': 'check-users' } }),
    ),
    h(
      'div',
      { class: 'row end' },
      h('button', { class: 'secondary', attrs: { type: 'submit', 'data-testid': 'check-button' } }, 'Check'),
    ),
    results,
  );
  checkForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const ids = parseUserIDs(fieldValue(checkForm, 'ids'));
    api
      .rest<{ ResultItem: ResultItem[] }>('im_open_login_svc/account_check', {
        CheckItem: ids.map((UserID) => ({ UserID })),
      })
      .then((answer) => replace(results, checkTable(answer.ResultItem)))
      .catch((cause: unknown) => replace(results, h('p', { class: 'error-text' }, describeFailure(cause))));
  });

  void refresh();
  return h(
    'section',
    { class: 'panel', attrs: { 'data-testid': 'accounts-panel' } },
    h('div', { class: 'tools' }, importForm, checkForm),
    message,
    h(
      'div',
      { class: 'card' },
      h(
        'div',
        { class: 'card-head' },
        h('h2', {}, 'Accounts'),
        h(
          'button',
          { class: 'secondary', attrs: { type: 'button' }, on: { click: () => void refresh() } },
          'Refresh',
        ),
      ),
      list,
    ),
  );
}

function accountTable(accounts: AccountRow[], remove: (ids: string[]) => Promise<void>): HTMLElement {
  if (accounts.length === 0)
    return h(
      'p',
      { class: 'muted pad' },
      'No accounts yet. Users get one at their first login, or import them above.',
    );
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, 'UserID'), h('th', {}, 'Nickname'), h('th', {}, 'Created'), h('th', {})),
    ),
    h(
      'tbody',
      {},
      ...accounts.map((account) =>
        h(
          'tr',
          { attrs: { 'data-testid': `account-${account.userID}` } },
          h('td', {}, h('strong', {}, account.userID)),
          h('td', {}, account.nick || h('span', { class: 'muted' }, '—')),
          h('td', { class: 'muted' }, new Date(account.createdAt).toLocaleString()),
          h(
            'td',
            { class: 'actions' },
            h(
              'button',
              {
                class: 'danger',
                attrs: { type: 'button' },
                on: { click: () => void remove([account.userID]) },
              },
              'Delete',
            ),
          ),
        ),
      ),
    ),
  );
}

function checkTable(items: ResultItem[]): HTMLElement {
  return h(
    'table',
    { attrs: { 'data-testid': 'check-results' } },
    h('thead', {}, h('tr', {}, h('th', {}, 'UserID'), h('th', {}, 'Status'))),
    h(
      'tbody',
      {},
      ...items.map((item) =>
        h(
          'tr',
          {},
          h('td', {}, item.UserID),
          h(
            'td',
            {},
            item.ResultCode === 0
              ? item.AccountStatus === 'Imported'
                ? 'Exists'
                : 'Not imported'
              : `${item.ResultInfo} (${item.ResultCode})`,
          ),
        ),
      ),
    ),
  );
}

function nextButton(next: () => void): HTMLElement {
  return h(
    'div',
    { class: 'row end pad' },
    h('button', { class: 'secondary', attrs: { type: 'button' }, on: { click: next } }, 'Next page'),
  );
}
