/**
 * The delivery guarantee under a crash: a stream of messages sent one by one while the server
 * (a real `parley serve` process) is killed with SIGKILL halfway and started again arrives exactly
 * once each, in order, in the receiver's listener and in both histories. The sender retries sends
 * that fail with a network error, with the same message, and nothing is duplicated.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, type V2TimMessage } from '@parley/sdk';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatClient, chatClient } from './support/chat.js';
import { type ServerProcess, spawnServer } from './support/server-process.js';

const sdkAppID = 1400000003;
const secretKey = randomBytes(32).toString('hex');
const env = { PARLEY_SDKAPPID: String(sdkAppID), PARLEY_SECRET_KEY: secretKey };
const TOTAL = 200;
const KILL_AT = 100;
/** Failures a retry of the same message may follow: the connection went away under the request. */
const NETWORK_ERRORS: readonly number[] = [
  ErrorCode.ERR_SDK_NET_DISCONNECT,
  ErrorCode.ERR_SDK_NET_WAIT_ACK_TIMEOUT,
  ErrorCode.ERR_SDK_NET_CONNECT_TIMEOUT,
];

let dataDir: string;
let server: ServerProcess;
const clients: ChatClient[] = [];
/** Sends that failed on the network and were retried. */
let networkFailures = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-msg-crash-'));
  server = await spawnServer({ dataDir, env });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  server.child.kill('SIGKILL');
  await server.exited;
  await rm(dataDir, { recursive: true, force: true });
});

async function login(userID: string, platform: 'web' | 'android' = 'web'): Promise<ChatClient> {
  const client = await chatClient({
    wsUrl: `ws://127.0.0.1:${server.port}`,
    sdkAppID,
    userID,
    userSig: genUserSig({ sdkAppID, key: secretKey, userID, expire: 3600 }),
    init: { platform, requestTimeoutMs: 3_000 },
  });
  clients.push(client);
  return client;
}

/** Sends the created message until the server acknowledges it, waiting for a reconnect between tries. */
async function sendUntilStored(sender: ChatClient, id: string, receiver: string): Promise<V2TimMessage> {
  const mm = sender.im.v2TIMManager.getMessageManager();
  for (let attempt = 1; attempt <= 50; attempt++) {
    const result = await mm.sendMessage({ id, receiver, groupID: '' });
    if (result.code === 0 && result.data) return result.data;
    expect(NETWORK_ERRORS, `send failed with ${result.code} ${result.desc}`).toContain(result.code);
    networkFailures++;
    await sender.waitFor(() => sender.connected(), 'the sender to reconnect', 20_000);
  }
  throw new Error(`message ${id} was never stored`);
}

describe('messages across a server crash', () => {
  it('arrive exactly once each, in order, in the listener and in the history', async () => {
    const alice = await login('crash-alice');
    const bob = await login('crash-bob', 'android');
    const mm = alice.im.v2TIMManager.getMessageManager();
    const texts = Array.from({ length: TOTAL }, (_, i) => `message ${i + 1}`);
    let restarted: Promise<void> | undefined;

    for (const [i, text] of texts.entries()) {
      const created = await mm.createTextMessage({ text });
      const id = created.data!.id;
      if (i === KILL_AT) {
        // Kill the server while this send is on its way: it may or may not have been stored.
        const pending = mm.sendMessage({ id, receiver: bob.userID, groupID: '' });
        server.child.kill('SIGKILL');
        restarted = (async () => {
          await server.exited;
          server = await spawnServer({ dataDir, env, port: server.port });
        })();
        const first = await pending;
        if (first.code === 0) continue;
        expect(NETWORK_ERRORS).toContain(first.code);
        networkFailures++;
      }
      await sendUntilStored(alice, id, bob.userID);
    }
    await restarted;
    // The crash really happened in the middle of the stream.
    expect(networkFailures).toBeGreaterThan(0);

    await bob.waitFor(() => bob.received().length >= TOTAL, `${TOTAL} messages at bob`, 30_000);
    expect(bob.texts()).toEqual(texts);
    expect(new Set(bob.received().map((m) => m.msgID)).size).toBe(TOTAL);
    // The receiver's timeline seqs are strictly increasing in delivery order.
    const seqs = bob.received().map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    for (const [owner, peer] of [
      [bob, alice.userID],
      [alice, bob.userID],
    ] as const) {
      const history: V2TimMessage[] = [];
      let lastMsgID: string | undefined;
      for (;;) {
        const page = await owner.im.v2TIMManager
          .getMessageManager()
          .getC2CHistoryMessageList({ userID: peer, count: 100, ...(lastMsgID ? { lastMsgID } : {}) });
        expect(page.code).toBe(0);
        const messages = page.data ?? [];
        history.push(...messages);
        if (messages.length < 100) break;
        lastMsgID = messages.at(-1)?.msgID;
      }
      expect(history.map((m) => m.textElem?.text).reverse()).toEqual(texts);
    }
    // The sender's own instance heard none of its own messages as new.
    expect(alice.count('onRecvNewMessage')).toBe(0);
  }, 60_000);
});
