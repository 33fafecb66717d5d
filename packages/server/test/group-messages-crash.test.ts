/**
 * The delivery guarantee of a group under a crash: a stream of group messages sent one by one while
 * the server (a real `parley serve` process) is killed with SIGKILL halfway and started again is in
 * the group's history exactly once each with gap-free seqs, and a member that reconnects receives
 * each exactly once. The sender retries sends that failed on the network with the same message.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, type V2TimMessage } from '@parley/sdk';
import { genUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatClient, chatClient } from './support/chat.js';
import { groupMessages, groupTexts } from './support/group-chat.js';
import { type ServerProcess, spawnServer } from './support/server-process.js';

const sdkAppID = 1400000003;
const secretKey = randomBytes(32).toString('hex');
const env = { PARLEY_SDKAPPID: String(sdkAppID), PARLEY_SECRET_KEY: secretKey };
const TOTAL = 120;
const KILL_AT = 60;
/** Failures a retry of the same message may follow: the connection went away under the request. */
const NETWORK_ERRORS: readonly number[] = [
  ErrorCode.ERR_SDK_NET_DISCONNECT,
  ErrorCode.ERR_SDK_NET_WAIT_ACK_TIMEOUT,
  ErrorCode.ERR_SDK_NET_CONNECT_TIMEOUT,
];

let dataDir: string;
let server: ServerProcess;
const clients: ChatClient[] = [];
let networkFailures = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-group-crash-'));
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
async function sendUntilStored(sender: ChatClient, id: string, groupID: string): Promise<V2TimMessage> {
  const mm = sender.im.v2TIMManager.getMessageManager();
  for (let attempt = 1; attempt <= 50; attempt++) {
    const result = await mm.sendMessage({ id, receiver: '', groupID });
    if (result.code === 0 && result.data) return result.data;
    expect(NETWORK_ERRORS, `send failed with ${result.code} ${result.desc}`).toContain(result.code);
    networkFailures++;
    await sender.waitFor(() => sender.connected(), 'the sender to reconnect', 20_000);
  }
  throw new Error(`message ${id} was never stored`);
}

describe('group messages across a server crash', () => {
  it('are in the history once each with gap-free seqs, and reach a reconnecting member once each', async () => {
    const alice = await login('gcrash-alice');
    const bob = await login('gcrash-bob', 'android');
    const created = await alice.im.v2TIMManager.getGroupManager().createGroup({
      groupType: 'Work',
      groupID: 'crash-group',
      groupName: 'crash',
      memberList: [{ userID: bob.userID }],
    });
    expect(created).toMatchObject({ code: 0, data: 'crash-group' });
    const groupID = 'crash-group';
    const mm = alice.im.v2TIMManager.getMessageManager();
    const texts = Array.from({ length: TOTAL }, (_, i) => `group message ${i + 1}`);
    const acknowledged: V2TimMessage[] = [];
    let restarted: Promise<void> | undefined;

    for (const [i, text] of texts.entries()) {
      const id = (await mm.createTextMessage({ text })).data!.id;
      if (i === KILL_AT) {
        // Kill the server while this send is on its way: it may or may not have been stored.
        const pending = mm.sendMessage({ id, receiver: '', groupID });
        server.child.kill('SIGKILL');
        restarted = (async () => {
          await server.exited;
          server = await spawnServer({ dataDir, env, port: server.port });
        })();
        const first = await pending;
        if (first.code === 0 && first.data) {
          acknowledged.push(first.data);
          continue;
        }
        expect(NETWORK_ERRORS).toContain(first.code);
        networkFailures++;
      }
      acknowledged.push(await sendUntilStored(alice, id, groupID));
    }
    await restarted;
    expect(networkFailures).toBeGreaterThan(0);
    expect(acknowledged.map((m) => m.textElem?.text)).toEqual(texts);

    await bob.waitFor(() => groupTexts(bob, groupID).length >= TOTAL, `${TOTAL} messages at bob`, 30_000);
    expect(groupTexts(bob, groupID)).toEqual(texts);
    expect(new Set(groupMessages(bob, groupID).map((m) => m.msgID)).size).toBe(TOTAL);

    // The whole log, tips included, read back page by page: each message once, seqs 1..n.
    const history: V2TimMessage[] = [];
    let lastMsgSeq: number | undefined;
    for (;;) {
      const page = await bob.im.v2TIMManager
        .getMessageManager()
        .getGroupHistoryMessageList({ groupID, count: 50, ...(lastMsgSeq ? { lastMsgSeq } : {}) });
      expect(page.code).toBe(0);
      const messages = page.data ?? [];
      history.push(...messages);
      if (messages.length < 50) break;
      lastMsgSeq = messages.at(-1)?.seq;
    }
    const seqs = history.map((m) => m.seq).reverse();
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(
      history
        .filter((m) => m.textElem)
        .map((m) => m.textElem?.text)
        .reverse(),
    ).toEqual(texts);
    // Each acknowledged message is in the log under the seq its acknowledgement gave.
    const bySeq = new Map(history.map((m) => [m.seq, m.msgID]));
    for (const sent of acknowledged) expect(bySeq.get(sent.seq)).toBe(sent.msgID);

    // A member's device that logs in after the crash gets the whole stream by sync, once each.
    const bobLaptop = await login(bob.userID, 'web');
    const conversation = await bobLaptop.im.v2TIMManager
      .getConversationManager()
      .getConversation({ conversationID: `group_${groupID}` });
    expect(conversation.data?.unreadCount).toBe(TOTAL);
    // The sender's own instance heard none of its own messages as new.
    expect(groupMessages(alice, groupID)).toEqual([]);
  }, 90_000);
});
