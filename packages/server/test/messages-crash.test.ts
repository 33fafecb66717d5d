/**
 * The delivery guarantee under a crash: a stream of messages sent one by one while the server
 * (a real `parley serve` process) is killed with SIGKILL halfway and started again arrives exactly
 * once each, in order, in the receiver's listener and in both histories. The sender retries sends
 * that fail with a network error, with the same message, and nothing is duplicated.
 */
import type { V2TimMessage } from '@parley/sdk';
import { describe, expect, it } from 'vitest';
import { crashHarness } from './support/crash-harness.js';

const TOTAL = 200;
const KILL_AT = 100;
const crash = crashHarness(1400000003, 'parley-msg-crash-');
const { login } = crash;

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
        restarted = crash.killAndRestart();
        const first = await pending;
        if (first.code === 0) continue;
        crash.countNetworkFailure(first.code);
      }
      await crash.sendUntilStored(alice, id, { receiver: bob.userID });
    }
    await restarted;
    // The crash really happened in the middle of the stream.
    expect(crash.networkFailures).toBeGreaterThan(0);

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
