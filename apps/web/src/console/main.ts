/**
 * Entry of the admin console (`/console/`): sign in with an admin ticket, then one tab per task.
 * The tab is kept in the URL hash so a reload (or a link) opens the same one.
 */
import { DEMO_NOTICE, type DemoConfig, loadDemoConfig } from '../shared/demo.js';
import { h, replace } from '../shared/dom.js';
import { accountsPanel } from './accounts.js';
import { activityPanel } from './activity.js';
import { AdminApi, loadCredentials, saveCredentials } from './api.js';
import { onlinePanel } from './online.js';
import { pushPanel } from './push.js';
import { settingsPanel } from './settings.js';
import { signInView } from './signin.js';
import '../shared/base.css';
import './console.css';

const TABS = {
  settings: { title: 'Settings', panel: settingsPanel },
  accounts: { title: 'Accounts', panel: accountsPanel },
  online: { title: 'Online users', panel: onlinePanel },
  push: { title: 'Push', panel: pushPanel },
  activity: { title: 'Activity', panel: activityPanel },
} as const;
type Tab = keyof typeof TABS;

const root = document.getElementById('app')!;
const screen = h('div', { class: 'screen' });

async function start(): Promise<void> {
  const demo = await loadDemoConfig();
  replace(
    root,
    demo.demo
      ? h('div', { class: 'demo-notice', attrs: { 'data-testid': 'demo-notice' } }, DEMO_NOTICE)
      : null,
    screen,
  );
  const stored = loadCredentials();
  const api = stored ? new AdminApi(stored) : undefined;
  // A stored ticket may have expired or been revoked since: check it before showing the console.
  const valid = api
    ? await api.console('get_app_settings').then(
        () => true,
        () => false,
      )
    : false;
  if (api && valid) showConsole(demo, api);
  else showSignIn(demo);
}

function showSignIn(demo: DemoConfig): void {
  saveCredentials(undefined);
  replace(
    screen,
    signInView(demo, (api) => {
      saveCredentials(api.credentials);
      showConsole(demo, api);
    }),
  );
}

function currentTab(): Tab {
  const name = window.location.hash.slice(1);
  return name in TABS ? (name as Tab) : 'settings';
}

function showConsole(demo: DemoConfig, api: AdminApi): void {
  const content = h('div', { class: 'console-content' });
  const nav = h('nav', { class: 'tabs' });
  const render = (): void => {
    const tab = currentTab();
    replace(
      nav,
      ...(Object.keys(TABS) as Tab[]).map((name) =>
        h(
          'a',
          { class: name === tab ? 'active' : '', attrs: { href: `#${name}`, 'data-testid': `tab-${name}` } },
          TABS[name].title,
        ),
      ),
    );
    replace(content, TABS[tab].panel(api));
  };
  window.onhashchange = render;
  replace(
    screen,
    h(
      'header',
      { class: 'topbar' },
      h('span', { class: 'brand' }, 'Parley', h('span', {}, ' console')),
      h('span', { class: 'muted small' }, `App ${api.credentials.sdkAppID}`),
      h('span', { class: 'spacer' }),
      h('span', { class: 'small' }, 'Signed in as ', h('strong', {}, api.credentials.identifier)),
      h(
        'button',
        { class: 'secondary', attrs: { type: 'button' }, on: { click: () => showSignIn(demo) } },
        'Sign out',
      ),
    ),
    nav,
    content,
  );
  render();
}

void start();
