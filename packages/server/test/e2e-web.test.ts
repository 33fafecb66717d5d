/**
 * The demo chat and the console in a real Chromium against a real server in demo mode: what a
 * person sees when they open the printed URL in a few tabs. Screenshots go to test-artifacts/e2e/.
 */
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  ensureWebAppBuilt,
  launchChromium,
  openPage,
  screenshot,
} from './support/browser.js';
import { startTestServer, type TestServer } from './support/harness.js';

/** A 1×1 PNG, served to the pages for an avatar URL (the test machine has no internet). */
const AVATAR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const AVATAR_URL = 'https://avatars.example/alice.png';

/** Generous for a loaded CI machine; every wait ends as soon as the page shows the state. */
const SEEN = { timeout: 15_000 };

const runs = chromiumAvailable();

describe.runIf(runs)('web app in Chromium', () => {
  let browser: Browser;
  let harness: TestServer;

  beforeAll(async () => {
    ensureWebAppBuilt();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    harness = await startTestServer({ demo: true });
  });
  afterEach(async () => {
    for (const context of browser.contexts()) await context.close();
    await harness.stop();
  });

  /** Opens the chat in a new context (its own storage, like another browser) and logs in by name. */
  async function chatAs(userID: string, query = ''): Promise<Page> {
    const { page } = await openPage(browser, `${harness.server.url}/${query}`);
    await page.getByTestId('login-user').fill(userID);
    await page.getByTestId('login-button').click();
    await page.getByTestId('net-status').filter({ hasText: 'Online' }).waitFor(SEEN);
    return page;
  }

  async function openConsole(): Promise<Page> {
    const { page } = await openPage(browser, `${harness.server.url}/console`);
    await page.getByTestId('mint-admin-ticket').click();
    await page.waitForFunction(() => {
      const ticket = document.querySelector<HTMLTextAreaElement>('[data-testid="signin-ticket"]');
      return (ticket?.value.length ?? 0) > 0;
    });
    await page.getByTestId('signin-button').click();
    await page.getByTestId('settings-save').waitFor(SEEN);
    return page;
  }

  it('shows the demo-mode warning on the chat and the console', async () => {
    const { page } = await openPage(browser, `${harness.server.url}/`);
    await page.getByTestId('demo-notice').waitFor(SEEN);
    expect(await page.getByTestId('demo-notice').textContent()).toContain('never for production');
    await screenshot(page, 'chat-login');
    const { page: admin } = await openPage(browser, `${harness.server.url}/console`);
    await admin.getByTestId('demo-notice').waitFor(SEEN);
    await screenshot(admin, 'console-signin');
  });

  /** Types a message into the open thread and waits until the server took it. */
  async function send(page: Page, text: string): Promise<void> {
    await page.getByTestId('composer').fill(text);
    await page.getByTestId('composer').press('Enter');
    await page
      .getByTestId('message')
      .filter({ hasText: text })
      .getByTestId('message-state')
      .filter({ hasText: /Sent|Read/ })
      .waitFor(SEEN);
  }

  it('two users exchange messages and see unread counts, read marks and a recall', async () => {
    const alice = await chatAs('alice');
    const bob = await chatAs('bob');
    await alice.getByTestId('new-chat-user').fill('bob');
    await alice.getByTestId('new-chat-button').click();
    await send(alice, 'hello bob');
    await send(alice, 'are you there?');

    const fromAlice = bob.getByTestId('conversation-alice');
    await fromAlice.getByTestId('unread-badge').filter({ hasText: '2' }).waitFor(SEEN);
    expect(await fromAlice.getByTestId('conversation-preview').textContent()).toBe('are you there?');
    await screenshot(bob, 'chat-unread');

    // Opening the conversation reads it: the badge goes, and alice's messages turn "Read".
    await fromAlice.click();
    await bob.getByTestId('message-text').filter({ hasText: 'are you there?' }).waitFor(SEEN);
    await fromAlice.getByTestId('unread-badge').waitFor({ state: 'detached', ...SEEN });
    await alice
      .getByTestId('message')
      .filter({ hasText: 'are you there?' })
      .getByTestId('message-state')
      .filter({ hasText: 'Read' })
      .waitFor(SEEN);

    await send(bob, 'hi alice');
    await alice.getByTestId('message-text').filter({ hasText: 'hi alice' }).waitFor(SEEN);
    await screenshot(alice, 'chat-read');

    await alice.getByTestId('message').filter({ hasText: 'are you there?' }).getByTestId('recall').click();
    await bob.getByTestId('message-revoked').waitFor(SEEN);
    await screenshot(bob, 'chat-recalled');
  });

  it('shows "typing…" to the peer while one side types, and the notice never becomes a message', async () => {
    const alice = await chatAs('typing-alice');
    const bob = await chatAs('typing-bob');
    await chatWith(bob, 'typing-alice');
    await chatWith(alice, 'typing-bob');
    await alice.getByTestId('composer').fill('hel');
    await bob.getByTestId('typing').filter({ hasText: 'typing-alice is typing' }).waitFor(SEEN);
    await send(alice, 'hello');
    // The message ends the indicator at once; the notice itself never became a message.
    await bob.getByTestId('message-text').filter({ hasText: 'hello' }).waitFor(SEEN);
    await bob
      .getByTestId('typing')
      .filter({ hasText: 'is typing' })
      .waitFor({ state: 'detached', ...SEEN });
    expect(await bob.getByTestId('message').count()).toBe(1);
  });

  it('creates a Work group, chats in it with typing, and shows "Read by 1" then "Read by all"', async () => {
    const alice = await chatAs('crew-alice');
    const bob = await chatAs('crew-bob');
    // carol is a phone (the Node SDK): a member who has not read yet keeps the count at "Read by 1".
    const carol = await harness.client({ platform: 'android' });
    expect((await carol.v2TIMManager.login('crew-carol', harness.ticket('crew-carol'))).code).toBe(0);

    await alice.getByTestId('new-group-toggle').click();
    await alice.getByTestId('new-group-name').fill('Crew');
    await alice.getByTestId('new-group-members').fill('crew-bob, crew-carol');
    await alice.getByTestId('new-group-button').click();
    await alice.getByTestId('thread-name').filter({ hasText: 'Crew' }).waitFor(SEEN);

    // bob is in the group at once: it is listed; alice's message shows there as unread.
    const crew = bob.locator('[data-kind="group"]').filter({ hasText: 'Crew' });
    await crew.waitFor(SEEN);
    await send(alice, 'see you at 9');
    await crew.getByTestId('unread-badge').filter({ hasText: '1' }).waitFor(SEEN);
    expect(await crew.getByTestId('conversation-preview').textContent()).toBe('crew-alice: see you at 9');

    // Opening it shows the tip of bob's adding and the message, and reports the message read.
    await crew.click();
    await bob
      .getByTestId('group-tip')
      .filter({ hasText: 'crew-alice added crew-bob and crew-carol' })
      .waitFor(SEEN);
    await bob.getByTestId('message-text').filter({ hasText: 'see you at 9' }).waitFor(SEEN);
    await crew.getByTestId('unread-badge').waitFor({ state: 'detached', ...SEEN });
    const mine = alice
      .getByTestId('message')
      .filter({ hasText: 'see you at 9' })
      .getByTestId('message-state');
    await mine.filter({ hasText: 'Read by 1' }).waitFor(SEEN);

    await bob.getByTestId('composer').fill('on my');
    await alice.getByTestId('typing').filter({ hasText: 'crew-bob is typing' }).waitFor(SEEN);
    await send(bob, 'on my way');
    await alice.getByTestId('message-sender').filter({ hasText: 'crew-bob' }).waitFor(SEEN);
    await alice
      .getByTestId('typing')
      .filter({ hasText: 'is typing' })
      .waitFor({ state: 'detached', ...SEEN });

    // bob's thread is open and visible: a message arriving now is reported read at once.
    await send(alice, 'bring snacks');
    await alice
      .getByTestId('message')
      .filter({ hasText: 'bring snacks' })
      .getByTestId('message-state')
      .filter({ hasText: 'Read by 1' })
      .waitFor(SEEN);
    await screenshot(alice, 'chat-group-read');

    // After a reload the count is read back (getMessageReadReceipts), then carol's report completes it.
    await alice.reload();
    await alice.getByTestId('net-status').filter({ hasText: 'Online' }).waitFor(SEEN);
    await alice.locator('[data-kind="group"]').filter({ hasText: 'Crew' }).click();
    await mine.filter({ hasText: 'Read by 1' }).waitFor(SEEN);
    const msgID = await alice
      .getByTestId('message')
      .filter({ hasText: 'see you at 9' })
      .getAttribute('data-msgid');
    const receipt = await carol.v2TIMManager
      .getMessageManager()
      .sendMessageReadReceipts({ messageList: [msgID ?? ''] });
    expect(receipt.code).toBe(0);
    await mine.filter({ hasText: 'Read by all' }).waitFor(SEEN);
  });

  /** Opens (or starts) the conversation with `peer`. */
  async function chatWith(page: Page, peer: string): Promise<void> {
    await page.getByTestId('new-chat-user').fill(peer);
    await page.getByTestId('new-chat-button').click();
  }

  /** Waits for the online dot of `peer`'s conversation to say `online`. */
  async function dot(page: Page, peer: string, online: boolean): Promise<void> {
    await page
      .locator(`[data-testid="conversation-${peer}"] [data-testid="online-dot"][data-online="${online}"]`)
      .waitFor(SEEN);
  }

  it('a nickname set in one tab shows on the other user’s conversation and messages, and on the own phone', async () => {
    const alice = await chatAs('alice');
    const bob = await chatAs('bob');
    await bob
      .context()
      .route(AVATAR_URL, (route) => route.fulfill({ body: AVATAR_PNG, contentType: 'image/png' }));
    await chatWith(alice, 'bob');
    await send(alice, 'hello from alice');
    const fromAlice = bob.getByTestId('conversation-alice');
    await fromAlice
      .getByTestId('conversation-name')
      .filter({ hasText: /^alice$/ })
      .waitFor(SEEN);
    // The dot shows once bob's tab subscribed to alice (profile and status), so the change is heard.
    await dot(bob, 'alice', true);

    await alice.getByTestId('profile-toggle').click();
    await alice.getByTestId('profile-nick').fill('Alice Liddell');
    await alice.getByTestId('profile-face').fill(AVATAR_URL);
    await alice.getByTestId('profile-save').click();
    await alice.getByTestId('profile-status').filter({ hasText: 'Saved' }).waitFor(SEEN);
    await alice.getByTestId('me').filter({ hasText: 'Alice Liddell' }).waitFor(SEEN);

    await fromAlice.getByTestId('conversation-name').filter({ hasText: 'Alice Liddell' }).waitFor(SEEN);
    // The avatar picture loaded (a picture that fails to load is removed, leaving the letter).
    await bob.waitForFunction(
      () => {
        const image = document.querySelector<HTMLImageElement>(
          '[data-testid="conversation-alice"] [data-testid="avatar-image"]',
        );
        return Boolean(image?.complete) && (image?.naturalWidth ?? 0) > 0;
      },
      undefined,
      SEEN,
    );
    await fromAlice.click();
    await bob.getByTestId('thread-name').filter({ hasText: 'Alice Liddell' }).waitFor(SEEN);
    await bob.getByTestId('message-sender').filter({ hasText: 'Alice Liddell' }).waitFor(SEEN);
    await screenshot(bob, 'chat-names');

    // Another device of alice changes her profile: the tab hears onSelfInfoUpdated.
    const phone = await harness.client({ platform: 'android' });
    expect((await phone.v2TIMManager.login('alice', harness.ticket('alice'))).code).toBe(0);
    expect((await phone.v2TIMManager.setSelfInfo({ userFullInfo: { nickName: 'Ally' } })).code).toBe(0);
    await alice.getByTestId('me').filter({ hasText: 'Ally' }).waitFor(SEEN);
    expect(await alice.getByTestId('profile-nick').inputValue()).toBe('Ally');
    await fromAlice.getByTestId('conversation-name').filter({ hasText: 'Ally' }).waitFor(SEEN);
  });

  it('a friend request sent from one tab is accepted in the other, and both list the friend', async () => {
    const alice = await chatAs('alice');
    const bob = await chatAs('bob');
    await alice.getByTestId('friends-toggle').click();
    await alice.getByTestId('add-friend-user').fill('bob');
    await alice.getByTestId('add-friend-button').click();
    await alice.getByTestId('add-friend-result').filter({ hasText: 'Request sent' }).waitFor(SEEN);

    // The request arrives live; the section unfolds with a count.
    const request = bob.getByTestId('request-alice');
    await request.waitFor(SEEN);
    expect(await bob.getByTestId('request-count').textContent()).toBe('1');
    await screenshot(bob, 'chat-friend-request');
    await request.getByTestId('request-accept').click();

    await bob.getByTestId('friend-alice').waitFor(SEEN);
    await request.waitFor({ state: 'detached', ...SEEN });
    await alice.getByTestId('friend-bob').waitFor(SEEN);
    // A friend opens the conversation with them.
    await alice.getByTestId('friend-bob').getByRole('button').click();
    await alice.getByTestId('thread-name').filter({ hasText: 'bob' }).waitFor(SEEN);
  });

  it('a friend request refused in one tab leaves both friends lists empty', async () => {
    const alice = await chatAs('alice');
    const bob = await chatAs('bob');
    await alice.getByTestId('friends-toggle').click();
    await alice.getByTestId('add-friend-user').fill('bob');
    await alice.getByTestId('add-friend-button').click();
    const request = bob.getByTestId('request-alice');
    await request.waitFor(SEEN);
    await request.getByTestId('request-refuse').click();
    await request.waitFor({ state: 'detached', ...SEEN });
    expect(await bob.getByTestId('friend-list').count()).toBe(0);
    expect(await alice.getByTestId('friend-list').count()).toBe(0);
  });

  it('the online dot turns on when the peer logs in, and off when they log out', async () => {
    const alice = await chatAs('alice');
    await chatWith(alice, 'carol');
    await dot(alice, 'carol', false);
    const carol = await chatAs('carol');
    await dot(alice, 'carol', true);
    await alice.getByTestId('thread-peer').filter({ hasText: 'Online' }).waitFor(SEEN);
    await screenshot(alice, 'chat-online-dot');
    await carol.getByRole('button', { name: 'Log out' }).click();
    await dot(alice, 'carol', false);
  });

  it('a blocked user’s send is refused with a clear message until the block is lifted', async () => {
    const alice = await chatAs('alice');
    const bob = await chatAs('bob');
    await chatWith(alice, 'bob');
    await send(alice, 'first');
    await bob.getByTestId('conversation-alice').click();
    await bob.getByTestId('block-toggle').filter({ hasText: 'Block' }).click();
    await bob.getByTestId('block-toggle').filter({ hasText: 'Unblock' }).waitFor(SEEN);
    await bob.getByTestId('conversation-alice').getByTestId('blocked-tag').waitFor(SEEN);

    await alice.getByTestId('composer').fill('are you ignoring me?');
    await alice.getByTestId('composer').press('Enter');
    await alice.getByTestId('send-error').filter({ hasText: 'bob has blocked you' }).waitFor(SEEN);
    await screenshot(alice, 'chat-blocked');
    expect(await bob.getByTestId('message-text').filter({ hasText: 'ignoring' }).count()).toBe(0);

    await bob.getByTestId('block-toggle').filter({ hasText: 'Unblock' }).click();
    await bob
      .getByTestId('conversation-alice')
      .getByTestId('blocked-tag')
      .waitFor({ state: 'detached', ...SEEN });
    await send(alice, 'and now?');
    await bob.getByTestId('message-text').filter({ hasText: 'and now?' }).waitFor(SEEN);
  });

  it('sends a picture from one tab and shows its thumbnail in the other, and a file as a link', async () => {
    const alice = await chatAs('alice');
    const bob = await chatAs('bob');
    await alice.getByTestId('new-chat-user').fill('bob');
    await alice.getByTestId('new-chat-button').click();
    const picture = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#2a7' } })
      .png()
      .toBuffer();
    await alice
      .getByTestId('attach-input')
      .setInputFiles({ name: 'view.png', mimeType: 'image/png', buffer: picture });
    await alice.getByTestId('message-image').waitFor(SEEN);

    await bob.getByTestId('conversation-alice').click();
    const image = bob.getByTestId('message-image');
    await image.waitFor(SEEN);
    // The thumbnail loaded: 198 px wide, made by the server from the 800 px original.
    await bob.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="message-image"]');
      return img?.complete === true && img.naturalWidth > 0;
    });
    expect(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([
      198, 99,
    ]);

    await alice
      .getByTestId('attach-input')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('some notes') });
    await bob.getByTestId('message-file').filter({ hasText: 'notes.txt' }).waitFor(SEEN);
    await screenshot(bob, 'chat-picture');
  });

  it('pages back through a long history with "Load older messages"', async () => {
    // 25 messages from erin's phone (the Node SDK); the chat shows the newest 20 first.
    await harness.importAccounts('bob');
    const phone = await harness.client({ platform: 'android' });
    expect((await phone.v2TIMManager.login('erin', harness.ticket('erin'))).code).toBe(0);
    const messages = phone.v2TIMManager.getMessageManager();
    for (let n = 1; n <= 25; n += 1) {
      const created = await messages.createTextMessage({ text: `message ${n}` });
      const sent = await messages.sendMessage({ id: created.data!.id, receiver: 'bob', groupID: '' });
      expect(sent.code).toBe(0);
    }
    const bob = await chatAs('bob');
    await bob
      .getByTestId('conversation-erin')
      .getByTestId('unread-badge')
      .filter({ hasText: '25' })
      .waitFor(SEEN);
    await bob.getByTestId('conversation-erin').click();
    await bob.getByTestId('message-text').filter({ hasText: 'message 25' }).waitFor(SEEN);
    expect(await bob.getByTestId('message').count()).toBe(20);
    await bob.getByTestId('load-older').click();
    await bob
      .getByTestId('message-text')
      .filter({ hasText: /^message 1$/ })
      .waitFor(SEEN);
    expect(await bob.getByTestId('message').count()).toBe(25);
    await bob.getByTestId('load-older').waitFor({ state: 'detached', ...SEEN });
    await screenshot(bob, 'chat-history');
  });

  it('without demo mode, the chat and the console sign in with tickets made by the backend', async () => {
    const production = await startTestServer();
    try {
      const { page: chat } = await openPage(browser, `${production.server.url}/`);
      await chat.locator('input[name="sdkAppID"]').fill(String(production.sdkAppID));
      await chat.getByTestId('login-user').fill('henry');
      await chat.locator('textarea[name="userSig"]').fill(production.ticket('henry'));
      await chat.getByTestId('login-button').click();
      await chat.getByTestId('net-status').filter({ hasText: 'Online' }).waitFor(SEEN);
      expect(await chat.getByTestId('demo-notice').count()).toBe(0);

      const { page: admin } = await openPage(browser, `${production.server.url}/console/`);
      expect(await admin.getByTestId('mint-admin-ticket').count()).toBe(0);
      await admin.locator('input[name="sdkAppID"]').fill(String(production.sdkAppID));
      // A valid ticket of a user who is not an app admin is refused.
      await admin.locator('input[name="identifier"]').fill('henry');
      await admin.getByTestId('signin-ticket').fill(production.ticket('henry'));
      await admin.getByTestId('signin-button').click();
      await admin.getByTestId('signin-error').filter({ hasText: 'not an admin' }).waitFor(SEEN);
      await admin.locator('input[name="identifier"]').fill('administrator');
      await admin.getByTestId('signin-ticket').fill(production.ticket('administrator'));
      await admin.getByTestId('signin-button').click();
      await admin.getByTestId('settings-save').waitFor(SEEN);
    } finally {
      for (const context of browser.contexts()) await context.close();
      await production.stop();
    }
  });

  it('shows the connection state while the server restarts, and Online again once it is back', async () => {
    const page = await chatAs('ivy');
    const restarted = harness.restart();
    // The SDK waits at least half a second before reconnecting, so the state is visible that long.
    await page
      .getByTestId('net-status')
      .filter({ hasText: /Connecting|Offline/ })
      .waitFor(SEEN);
    await screenshot(page, 'chat-reconnecting');
    await restarted;
    await page.getByTestId('net-status').filter({ hasText: 'Online' }).waitFor(SEEN);
  });

  it('shows the kicked banner in the first tab when the same user logs in from a third context', async () => {
    const first = await chatAs('alice');
    await chatAs('bob');
    // The default policy allows one web instance per user, so this login displaces the first tab.
    await chatAs('alice');
    await first.getByTestId('banner-kicked').waitFor(SEEN);
    expect(await first.getByTestId('net-status').textContent()).toBe('Offline');
    await screenshot(first, 'chat-kicked');
  });

  it('shows the ticket-expired banner when the demo ticket runs out', async () => {
    const page = await chatAs('erin', '?expire=5');
    await page.getByTestId('banner-expired').waitFor(SEEN);
    await screenshot(page, 'chat-ticket-expired');
  });

  it('changes the login policy in the console, and a login on another platform then kicks the web tab', async () => {
    const web = await chatAs('carol');
    const admin = await openConsole();
    await admin.getByTestId('setting-loginPolicy').selectOption('single');
    await admin.getByTestId('setting-revokeWindowSeconds').fill('300');
    await admin.getByTestId('settings-save').click();
    await admin.getByTestId('settings-status').filter({ hasText: 'Saved' }).waitFor(SEEN);
    await screenshot(admin, 'console-settings');
    expect(await harness.server.storage.apps.get(harness.sdkAppID)).toMatchObject({
      loginPolicy: 'single',
      revokeWindowSeconds: 300,
      messageRetentionDays: 7,
      maxMessageBodyBytes: 12_288,
    });

    // Under `single`, a phone login signs out every other platform, the web tab included.
    const phone = await harness.client({ platform: 'android' });
    expect((await phone.v2TIMManager.login('carol', harness.ticket('carol'))).code).toBe(0);
    await web.getByTestId('banner-kicked').waitFor(SEEN);
    await screenshot(web, 'chat-kicked-by-policy');
  });

  it('lists online users in the console with their devices, and kicks one', async () => {
    const dave = await chatAs('dave');
    const admin = await openConsole();
    await admin.getByTestId('tab-online').click();
    const row = admin.getByTestId('online-dave');
    await row.waitFor(SEEN);
    expect(await row.textContent()).toContain('Web · Online');
    await screenshot(admin, 'console-online');
    await admin.getByTestId('kick-dave').click();
    await dave.getByTestId('banner-kicked').waitFor(SEEN);
  });

  it('imports and checks accounts and draws today’s active users', async () => {
    await chatAs('frank');
    const admin = await openConsole();
    await admin.getByTestId('tab-accounts').click();
    await admin.getByTestId('import-user').fill('grace');
    await admin.getByTestId('import-button').click();
    await admin.getByTestId('account-grace').waitFor(SEEN);
    await admin.getByTestId('check-users').fill('grace, nobody');
    await admin.getByTestId('check-button').click();
    const results = admin.getByTestId('check-results');
    await results.waitFor(SEEN);
    expect(await results.textContent()).toContain('Not imported');
    await screenshot(admin, 'console-accounts');

    await admin.getByTestId('tab-activity').click();
    await admin.getByTestId('dau-chart').waitFor(SEEN);
    // frank logged in today (the admin's console calls are REST calls, not logins).
    expect(await admin.getByTestId('dau-today').textContent()).toBe('1');
    await screenshot(admin, 'console-activity');
  });
  it('adds a webhook push provider in the console, lists it, and removes it', async () => {
    const admin = await openConsole();
    await admin.getByTestId('tab-push').click();
    await admin.getByTestId('push-list').getByText('No push providers').waitFor(SEEN);
    await admin.getByTestId('push-businessID').fill('7');
    await admin.getByTestId('push-type').selectOption('webhook');
    await admin.getByTestId('push-url').fill('https://push-gw.example/parley');
    await admin.getByTestId('push-save').click();
    const row = admin.getByTestId('push-provider-7');
    await row.waitFor(SEEN);
    expect(await row.textContent()).toContain('https://push-gw.example/parley');
    await screenshot(admin, 'console-push');
    expect(await harness.server.storage.push.getProvider(harness.sdkAppID, 7)).toMatchObject({
      type: 'webhook',
      config: { url: 'https://push-gw.example/parley' },
    });

    admin.once('dialog', (dialog) => void dialog.accept());
    await admin.getByTestId('push-remove-7').click();
    await admin.getByTestId('push-status').filter({ hasText: 'Removed push provider 7' }).waitFor(SEEN);
    await row.waitFor({ state: 'detached', ...SEEN });
    expect(await harness.server.storage.push.getProvider(harness.sdkAppID, 7)).toBeUndefined();
  });
});
