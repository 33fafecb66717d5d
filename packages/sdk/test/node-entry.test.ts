import { afterEach, describe, expect, it } from 'vitest';
import { createImSDKPlugin } from '../src/node.js';
import { SDK_APP_ID } from './clients.js';
import { FakeServer } from './fake-server.js';
import { makeTicket } from './tickets.js';

describe('Node entry', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.stop();
  });

  it('uses ws by default: initSDK and login work without a WebSocket option', async () => {
    server = await FakeServer.start();
    const m = createImSDKPlugin().v2TIMManager;
    expect((await m.initSDK({ sdkAppID: SDK_APP_ID, serverAddr: server.url, loglevel: 0 })).code).toBe(0);
    expect((await m.login('alice', makeTicket({ userID: 'alice' }))).code).toBe(0);
    await m.unInitSDK();
  });
});
