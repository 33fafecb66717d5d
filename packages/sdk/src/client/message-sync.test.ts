import type { ReplyData, SyncBatch, SyncEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { V2TimValueCallback } from '../types.js';
import { MessageSync, type SyncTransport } from './message-sync.js';

const event = (seq: number): SyncEvent => ({ seq, kind: 'conversationChanged', peerID: `p${seq}` });
const push = (seq: number): SyncBatch => ({ events: [event(seq)], conversations: [] });

/** A server timeline of `head` events; `gone` seqs were deleted (holes). Pull replies can be held. */
function fakeServer(head: number, gone: number[] = []) {
  const pulls: (number | undefined)[] = [];
  let release: (() => void) | undefined;
  let hold = false;
  const transport: SyncTransport = {
    async syncEvents(afterSeq, limit) {
      pulls.push(afterSeq);
      if (hold) await new Promise<void>((resolve) => (release = resolve));
      const after = afterSeq ?? 0;
      const seqs = Array.from({ length: state.head }, (_, i) => i + 1).filter(
        (s) => s > after && !gone.includes(s),
      );
      const page = seqs.slice(0, limit);
      const complete = seqs.length <= limit;
      const data: ReplyData<'syncEvents'> = {
        afterSeq: after,
        headSeq: state.head,
        untilSeq: complete ? Math.max(after, state.head) : (page.at(-1) ?? after),
        complete,
        events: page.map(event),
        conversations: [],
      };
      return { code: 0, desc: '', data } satisfies V2TimValueCallback<ReplyData<'syncEvents'>>;
    },
    async ackEvents() {
      return { code: 0, desc: '' };
    },
  };
  const state = {
    head,
    pulls,
    transport,
    hold: (on: boolean) => {
      hold = on;
    },
    release: () => release?.(),
  };
  return state;
}

function collector() {
  const seen: number[] = [];
  return { seen, sink: (batch: SyncBatch) => seen.push(...batch.events.map((e) => e.seq)) };
}

describe('MessageSync', () => {
  it('pulls everything after the acknowledged position in pages, then follows pushes', async () => {
    const server = fakeServer(250);
    const { seen, sink } = collector();
    const sync = new MessageSync(server.transport, sink);
    expect(await sync.catchUp()).toEqual({ code: 0, desc: '' });
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(server.pulls).toEqual([undefined, 100, 200]);
    server.head = 251;
    sync.onPush(push(251));
    expect(seen.at(-1)).toBe(251);
    expect(sync.lastSeq).toBe(251);
  });

  it('drops a push it already has and pulls the gap before a push that skips ahead', async () => {
    const server = fakeServer(3);
    const { seen, sink } = collector();
    const sync = new MessageSync(server.transport, sink);
    await sync.catchUp();
    sync.onPush(push(3));
    expect(seen).toEqual([1, 2, 3]);
    server.head = 6;
    sync.onPush(push(6));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    sync.onPush(push(5));
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('holds pushes that arrive during a pull and plays the new ones after it, in order', async () => {
    const server = fakeServer(2);
    const { seen, sink } = collector();
    const sync = new MessageSync(server.transport, sink);
    server.hold(true);
    const running = sync.catchUp();
    server.head = 4;
    sync.onPush(push(4));
    sync.onPush(push(3));
    sync.onPush(push(2));
    server.hold(false);
    server.release();
    await running;
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('moves past deleted entries without waiting for them', async () => {
    const server = fakeServer(5, [2, 3]);
    const { seen, sink } = collector();
    const sync = new MessageSync(server.transport, sink);
    await sync.catchUp();
    expect(seen).toEqual([1, 4, 5]);
    expect(sync.lastSeq).toBe(5);
  });

  it('starts over after reset (another user)', async () => {
    const server = fakeServer(2);
    const { seen, sink } = collector();
    const sync = new MessageSync(server.transport, sink);
    await sync.catchUp();
    sync.reset();
    expect(sync.lastSeq).toBeUndefined();
    await sync.catchUp();
    expect(seen).toEqual([1, 2, 1, 2]);
  });
});
