/**
 * The delivery guarantee of a group under a crash: a stream of group messages sent one by one while
 * the server (a real `parley serve` process) is killed with SIGKILL halfway and started again is in
 * the group's history exactly once each with gap-free seqs, and a member that reconnects receives
 * each exactly once. The sender retries sends that failed on the network with the same message.
 */
import type { V2TimMessage } from '@parley/sdk';
import { describe, expect, it } from 'vitest';
import { crashHarness } from './support/crash-harness.js';
import { groupMessages, groupTexts } from './support/group-chat.js';

const TOTAL = 120;
const KILL_AT = 60;
const crash = crashHarness(1400000003, 'parley-group-crash-');
const { login } = crash;

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
        restarted = crash.killAndRestart();
        const first = await pending;
        if (first.code === 0 && first.data) {
          acknowledged.push(first.data);
          continue;
        }
        crash.countNetworkFailure(first.code);
      }
      acknowledged.push(await crash.sendUntilStored(alice, id, { groupID: groupID }));
    }
    await restarted;
    expect(crash.networkFailures).toBeGreaterThan(0);
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
