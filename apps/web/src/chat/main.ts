/**
 * Entry of the demo chat (`/`): the login card, then the chat. In demo mode a tab remembers its
 * UserID (sessionStorage, so each tab keeps its own) and logs in again after a reload.
 */
import type { ImSDK } from '@parley/sdk';
import { DEMO_NOTICE, type DemoConfig, loadDemoConfig, mintDemoTicket } from '../shared/demo.js';
import { h, replace } from '../shared/dom.js';
import { ChatApp } from './app.js';
import { connect, disconnect, type LoginRequest } from './connection.js';
import { demoTicketSeconds, loginView } from './login-view.js';
import { createSdkMessaging } from './sdk-messaging.js';
import { createSdkPeople } from './sdk-people.js';
import '../shared/base.css';
import './chat.css';

const REMEMBERED_USER = 'parley.chat.userID';

const root = document.getElementById('app')!;
const screen = h('div', { class: 'screen' });
let session: { im: ImSDK; app: ChatApp } | undefined;

async function start(): Promise<void> {
  const demo = await loadDemoConfig();
  replace(
    root,
    demo.demo
      ? h('div', { class: 'demo-notice', attrs: { 'data-testid': 'demo-notice' } }, DEMO_NOTICE)
      : null,
    screen,
  );
  const remembered = demo.demo ? sessionStorage.getItem(REMEMBERED_USER) : null;
  if (remembered) {
    const error = await mintDemoTicket(remembered, demoTicketSeconds())
      .then((ticket) =>
        login(demo, { sdkAppID: ticket.sdkAppID, userID: remembered, userSig: ticket.userSig }),
      )
      .catch((cause: unknown) => String(cause));
    if (error === undefined) return;
  }
  showLogin(demo);
}

function showLogin(demo: DemoConfig, notice?: string, userID?: string): void {
  replace(
    screen,
    loginView({
      demo,
      login: (request) => login(demo, request),
      ...(notice ? { notice } : {}),
      ...(userID ? { userID } : {}),
    }),
  );
}

/** Resolves an error message, or undefined once the chat is showing. */
async function login(demo: DemoConfig, request: LoginRequest): Promise<string | undefined> {
  let app: ChatApp | undefined;
  const outcome = await connect(request, {
    onStatus: (status) => app?.setStatus(status),
    onEnded: (ending) => app?.end(ending),
  });
  if (!outcome.ok) return `Login failed: ${outcome.desc || 'no reason given'} (${outcome.code})`;
  if (demo.demo) sessionStorage.setItem(REMEMBERED_USER, request.userID);
  app = new ChatApp({
    me: request.userID,
    messaging: createSdkMessaging(outcome.im),
    people: createSdkPeople(outcome.im),
    logout: () => void leave(demo, undefined),
    relogin: () => void leave(demo, request.userID),
  });
  session = { im: outcome.im, app };
  replace(screen, app.element);
  return undefined;
}

/** Ends this tab's session; `userID` pre-fills the login card for logging in again. */
async function leave(demo: DemoConfig, userID: string | undefined): Promise<void> {
  const current = session;
  session = undefined;
  if (userID === undefined) sessionStorage.removeItem(REMEMBERED_USER);
  if (current) {
    current.app.dispose();
    await disconnect(current.im);
  }
  showLogin(demo, undefined, userID);
}

void start();
