/**
 * Exactly-once group messages across reconnects (docs/messages.md "Sync of groups"). Group messages
 * are not in the user's feed: per group the client keeps the highest seq and the highest change seq
 * it applied. After every (re)login `syncGroups` gives each joined group's heads and my snapshot;
 * the client pulls each gap with `getGroupHistory` (newer than its position, paged) and each change
 * gap with `getGroupChanges`. Live pushes are applied when next, dropped when seen, and a push that
 * skips a seq pulls the gap first. Pulls of one group never overlap.
 */
import {
  MAX_GROUP_CHANGES_PAGE,
  MAX_HISTORY_PAGE,
  type Op,
  type ReplyData,
  type RequestData,
  type WireGroupChange,
  type WireGroupConversation,
  type WireMessage,
} from '@parley/protocol';
import type { V2TimCallback, V2TimValueCallback } from '../types.js';
import { planPush, startPosition } from './group-gaps.js';
import { fail, ok } from './results.js';

type Request = <O extends Op>(op: O, data: RequestData<O>) => Promise<V2TimValueCallback<ReplyData<O>>>;

/** Where applied group data goes, in order, once each. */
export interface GroupSink {
  messages(groupID: string, messages: readonly WireMessage[]): void;
  changes(groupID: string, changes: readonly WireGroupChange[]): void;
  /** Snapshots (newer than held), and groups that left the list. */
  conversations(snapshots: readonly WireGroupConversation[], removed: readonly string[]): void;
}

interface GroupPosition {
  applied: number | undefined;
  changeSeq: number | undefined;
  /** The pull in progress: the next one waits for it. */
  pull: Promise<void>;
}

export class GroupSync {
  private readonly groups = new Map<string, GroupPosition>();
  private generation = 0;
  /**
   * False from the start of a catch-up until its positions are set: a push of a group without a
   * position then waits for the catch-up, which pulls it (taking it as a start would skip the
   * messages before it).
   */
  private positioned = false;

  constructor(
    private readonly request: Request,
    private readonly sink: GroupSink,
  ) {}

  reset(): void {
    this.generation++;
    this.positioned = false;
    this.groups.clear();
  }

  /** After a (re)login: every joined group's snapshot, then its missed messages and changes. */
  async catchUp(): Promise<V2TimCallback> {
    const generation = this.generation;
    this.positioned = false;
    const reply = await this.request('syncGroups', {});
    if (reply.code !== 0 || !reply.data) return fail(reply.code, reply.desc);
    if (generation !== this.generation) return ok();
    const joined = new Set(reply.data.groups.map((g) => g.groupID));
    const removed = [...this.groups.keys()].filter((id) => !joined.has(id));
    for (const id of removed) this.groups.delete(id);
    this.sink.conversations(
      reply.data.groups.map((g) => g.conversation),
      removed,
    );
    const pulls: Promise<V2TimCallback>[] = [];
    for (const state of reply.data.groups) {
      const position = this.position(state.groupID);
      position.applied = startPosition(position.applied, state.conversation.readSeq);
      // A fresh client has seen no change; those before its start are in the messages it pulls.
      position.changeSeq = position.changeSeq ?? state.changeSeq;
      pulls.push(
        this.serial(position, async () => {
          await this.pullMessages(state.groupID, position, generation);
          await this.pullChanges(state.groupID, position, generation);
        }),
      );
    }
    this.positioned = true;
    const results = await Promise.all(pulls);
    return results.find((r) => r.code !== 0) ?? ok();
  }

  /** A live group message. */
  onMessage(message: WireMessage): void {
    const groupID = message.groupID;
    if (groupID === undefined) return;
    if (!this.positioned && message.seq > 0 && this.groups.get(groupID)?.applied === undefined) return;
    const position = this.position(groupID);
    const generation = this.generation;
    void this.serial(position, async () => {
      const plan = planPush(position.applied, message.seq);
      if (plan === 'drop') return;
      if (plan === 'pull') {
        await this.pullMessages(groupID, position, generation);
        // Anything up to the pushed seq is now applied or not visible to me.
        if ((position.applied ?? 0) < message.seq) position.applied = message.seq;
        return;
      }
      if (message.seq > 0) position.applied = message.seq;
      this.sink.messages(groupID, [message]);
    });
  }

  /** A live recall or edit. */
  onChange(groupID: string, change: WireGroupChange): void {
    const position = this.position(groupID);
    const generation = this.generation;
    void this.serial(position, async () => {
      const plan = planPush(position.changeSeq, change.changeSeq);
      if (plan === 'drop') return;
      if (plan === 'pull') {
        await this.pullChanges(groupID, position, generation);
        return;
      }
      position.changeSeq = change.changeSeq;
      this.sink.changes(groupID, [change]);
    });
  }

  /** A group left my list (quit, kicked, dismissed). */
  forget(groupID: string): void {
    this.groups.delete(groupID);
  }

  /** Position of a group the client knows of now (a snapshot arrived: start there). */
  known(groupID: string, readSeq: number, changeSeq: number): void {
    const position = this.position(groupID);
    position.applied = startPosition(position.applied, readSeq);
    position.changeSeq = startPosition(position.changeSeq, changeSeq);
  }

  private position(groupID: string): GroupPosition {
    let position = this.groups.get(groupID);
    if (!position) {
      position = { applied: undefined, changeSeq: undefined, pull: Promise.resolve() };
      this.groups.set(groupID, position);
    }
    return position;
  }

  private serial(position: GroupPosition, work: () => Promise<void>): Promise<V2TimCallback> {
    const run = position.pull.then(work).then(
      () => ok(),
      (error: unknown) => fail(9508, String(error)),
    );
    position.pull = run.then(() => undefined);
    return run;
  }

  private async pullMessages(groupID: string, position: GroupPosition, generation: number): Promise<void> {
    for (;;) {
      const after = position.applied ?? 0;
      const page = await this.request('getGroupHistory', {
        groupID,
        count: MAX_HISTORY_PAGE,
        newer: true,
        ...(after > 0 ? { anchorSeq: after } : {}),
      });
      if (generation !== this.generation) return;
      if (page.code !== 0 || !page.data) throw new Error(`getGroupHistory ${page.code} ${page.desc}`);
      const fresh = page.data.messages.filter((m) => m.seq > after);
      const last = fresh.at(-1);
      if (last) {
        position.applied = last.seq;
        this.sink.messages(groupID, fresh);
      }
      if (page.data.complete || !last) return;
    }
  }

  private async pullChanges(groupID: string, position: GroupPosition, generation: number): Promise<void> {
    for (;;) {
      const after = position.changeSeq ?? 0;
      const page = await this.request('getGroupChanges', {
        groupID,
        afterChangeSeq: after,
        limit: MAX_GROUP_CHANGES_PAGE,
      });
      if (generation !== this.generation) return;
      if (page.code !== 0 || !page.data) throw new Error(`getGroupChanges ${page.code} ${page.desc}`);
      const last = page.data.changes.at(-1);
      if (last) {
        position.changeSeq = last.changeSeq;
        this.sink.changes(groupID, page.data.changes);
      }
      if (page.data.complete || !last) return;
    }
  }
}
