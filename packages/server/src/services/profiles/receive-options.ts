/**
 * Receive options (im-features §1.18, docs/users.md "Receive options"): per peer, per group (the
 * member's `recv_opt`) and global quiet hours. The message engine asks `refuses` on every C2C
 * send, so the answer is remembered per (receiver, sender); a change, on any node, is broadcast and
 * drops the receiver's answers on every node before the change's reply (user-notices.ts). Offline
 * push reads the options through `ReceiveOptionReader`.
 */
import {
  ErrorCode,
  type ReceiveMessageOpt,
  type SetAllReceiveMessageOptRequest,
  type WireC2CReceiveMessageOpt,
  type WireReceiveMessageOptInfo,
} from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, pushEvent } from '../../bus/bus.js';
import type { AllReceiveOptRecord, ProfileRecord } from '../../storage/profiles/types.js';
import type { Storage } from '../../storage/types.js';
import type { OpReply } from '../registry.js';
import { TurnBatch } from '../turn-batch.js';
import { SAFETY_TTL_MS, type UserCache } from './user-notices.js';

/** `Tag_Profile_IM_MsgSettings` bit 0: the user refuses every one-to-one message. */
export const MSG_SETTINGS_REFUSE_ALL = 1;

/** Receivers whose answers a node keeps (the least recently loaded go first), and senders per receiver. */
const MAX_RECEIVERS = 50_000;
const MAX_SENDERS_PER_RECEIVER = 1_000;

interface Known {
  opt: ReceiveMessageOpt;
  refuses: boolean;
  until: number;
}

/** What the message engine and (later) offline push read of a user's options. */
export interface ReceiveOptionReader {
  /**
   * True when `receiver` refuses `sender`'s one-to-one messages: option 1 for that peer, or
   * `Tag_Profile_IM_MsgSettings` bit 0. The message then stays out of the receiver's view.
   */
  refuses(sdkAppID: number, receiver: string, sender: string): Promise<boolean>;
  /** The receiver's option for a peer (0 when never set). */
  c2cOpt(sdkAppID: number, receiver: string, peer: string): Promise<ReceiveMessageOpt>;
  /** The receiver's global option, or undefined when never set. */
  allOpt(sdkAppID: number, userID: string): Promise<WireReceiveMessageOptInfo | undefined>;
}

/** The caller of an option op. */
export interface OptionActor {
  sdkAppID: number;
  userID: string;
  instanceID: string;
}

type Empty = Record<string, never>;

export class ReceiveOptions implements ReceiveOptionReader, UserCache {
  /**
   * `app\nreceiver` → sender → the option, whether the receiver refuses, and until when that holds:
   * grouped by receiver, as a change drops all of a receiver's answers at once.
   */
  readonly #refusals = new Map<string, Map<string, Known>>();
  /** Bumped by every forget: a read that started before one is used but not kept. */
  #generation = 0;
  /** The (receiver, sender) options not remembered, read together per event-loop turn. */
  readonly #pairReads: TurnBatch<number>;

  constructor(
    private readonly deps: {
      storage: Storage;
      bus: Pick<Bus, 'connectedOf' | 'sendToInstances'>;
      logger: Logger;
      now: () => number;
      /** Tells every node that a user's options changed (user-notices.ts). */
      changed: (sdkAppID: number, userIDs: readonly string[]) => Promise<void>;
      /** Receivers' profiles (for `MsgSettings`), read together per event-loop turn. */
      profileReads: TurnBatch<ProfileRecord>;
    },
  ) {
    this.#pairReads = new TurnBatch((sdkAppID, keys) =>
      deps.storage.profiles.c2cReceiveOptsOfPairs(
        sdkAppID,
        keys.map((k) => {
          const [userID = '', peer = ''] = k.split('\n');
          return { userID, peer };
        }),
      ),
    );
  }

  async setC2C(
    actor: OptionActor,
    peers: readonly string[],
    opt: ReceiveMessageOpt,
  ): Promise<OpReply<Empty>> {
    const unique = [...new Set(peers)];
    await this.deps.storage.profiles.setC2CReceiveOpt(actor.sdkAppID, actor.userID, unique, opt);
    await this.deps.changed(actor.sdkAppID, [actor.userID]);
    for (const peer of unique)
      this.#tellOthers(actor, 'receiveMessageOptChanged', { conversationID: `c2c_${peer}`, opt });
    return ok({});
  }

  async getC2C(
    actor: OptionActor,
    peers: readonly string[],
  ): Promise<OpReply<{ optList: WireC2CReceiveMessageOpt[] }>> {
    const unique = [...new Set(peers)];
    const opts = await this.deps.storage.profiles.c2cReceiveOpts(actor.sdkAppID, actor.userID, unique);
    return ok({
      optList: unique.map((userID) => ({
        userID,
        c2CReceiveMessageOpt: (opts.get(userID) ?? 0) as ReceiveMessageOpt,
      })),
    });
  }

  /** The member's option in a group (or topic); 10007 when the caller is not a member. */
  async setGroup(actor: OptionActor, groupID: string, opt: ReceiveMessageOpt): Promise<OpReply<Empty>> {
    const member = await this.deps.storage.profiles.setGroupReceiveOpt(
      actor.sdkAppID,
      groupID,
      actor.userID,
      opt,
    );
    if (!member)
      return { code: ErrorCode.ERR_SVR_GROUP_PERMISSION_DENY, desc: `not a member of group ${groupID}` };
    this.#tellOthers(actor, 'receiveMessageOptChanged', { conversationID: `group_${groupID}`, opt });
    return ok({});
  }

  async setAll(actor: OptionActor, request: SetAllReceiveMessageOptRequest): Promise<OpReply<Empty>> {
    const option: AllReceiveOptRecord =
      request.startTimeStamp !== undefined
        ? {
            opt: request.opt,
            startHour: 0,
            startMinute: 0,
            startSecond: 0,
            startTimeStamp: request.startTimeStamp,
            duration: request.duration,
          }
        : {
            opt: request.opt,
            startHour: request.startHour,
            startMinute: request.startMinute,
            startSecond: request.startSecond,
            startTimeStamp: 0,
            duration: request.duration,
          };
    await this.deps.storage.profiles.setAllReceiveOpt(actor.sdkAppID, actor.userID, option);
    this.#tellOthers(actor, 'allReceiveMessageOptChanged', toWire(option));
    return ok({});
  }

  async getAll(actor: OptionActor): Promise<OpReply<WireReceiveMessageOptInfo>> {
    return ok((await this.allOpt(actor.sdkAppID, actor.userID)) ?? toWire(undefined));
  }

  async allOpt(sdkAppID: number, userID: string): Promise<WireReceiveMessageOptInfo | undefined> {
    const option = await this.deps.storage.profiles.allReceiveOpt(sdkAppID, userID);
    return option === undefined ? undefined : toWire(option);
  }

  async c2cOpt(sdkAppID: number, receiver: string, peer: string): Promise<ReceiveMessageOpt> {
    const opts = await this.deps.storage.profiles.c2cReceiveOpts(sdkAppID, receiver, [peer]);
    return (opts.get(peer) ?? 0) as ReceiveMessageOpt;
  }

  async refuses(sdkAppID: number, receiver: string, sender: string): Promise<boolean> {
    return (await this.#known(sdkAppID, receiver, sender)).refuses;
  }

  /** `c2cOpt` from the same short memory as `refuses`: for the send path's conversation snapshots. */
  async cachedC2COpt(sdkAppID: number, receiver: string, peer: string): Promise<ReceiveMessageOpt> {
    return (await this.#known(sdkAppID, receiver, peer)).opt;
  }

  async #known(
    sdkAppID: number,
    receiver: string,
    sender: string,
  ): Promise<{ opt: ReceiveMessageOpt; refuses: boolean }> {
    const k = key(sdkAppID, receiver);
    const t = this.deps.now();
    const known = this.#refusals.get(k)?.get(sender);
    if (known !== undefined && known.until > t) return known;
    const generation = this.#generation;
    const [stored, profile] = await Promise.all([
      this.#pairReads.get(sdkAppID, `${receiver}\n${sender}`),
      this.deps.profileReads.get(sdkAppID, receiver),
    ]);
    const opt = (stored ?? 0) as ReceiveMessageOpt;
    const refuses = opt === 1 || ((profile?.msgSettings ?? 0) & MSG_SETTINGS_REFUSE_ALL) !== 0;
    const entry = { opt, refuses, until: t + SAFETY_TTL_MS };
    // A change committed while we read may be missing from what we read: answer with it, keep nothing.
    if (generation !== this.#generation) return entry;
    this.#keep(k, sender, entry);
    return entry;
  }

  /** Forgets what is known of receivers (their options or `MsgSettings` changed, on any node). */
  forget(sdkAppID: number, receivers: readonly string[]): void {
    this.#generation++;
    for (const receiver of receivers) this.#refusals.delete(key(sdkAppID, receiver));
  }

  #keep(k: string, sender: string, entry: Known): void {
    let senders = this.#refusals.get(k);
    if (senders === undefined) {
      senders = new Map();
      this.#refusals.set(k, senders);
      if (this.#refusals.size > MAX_RECEIVERS) {
        const oldest = this.#refusals.keys().next().value;
        if (oldest !== undefined) this.#refusals.delete(oldest);
      }
    }
    senders.delete(sender);
    senders.set(sender, entry);
    if (senders.size > MAX_SENDERS_PER_RECEIVER) {
      const oldest = senders.keys().next().value;
      if (oldest !== undefined) senders.delete(oldest);
    }
  }

  /** Forgets everything (notices may have been missed). */
  clear(): void {
    this.#generation++;
    this.#refusals.clear();
  }

  /** Tells the caller's other instances of a change it made; in the background. */
  #tellOthers<P extends 'receiveMessageOptChanged' | 'allReceiveMessageOptChanged'>(
    actor: OptionActor,
    push: P,
    data: P extends 'allReceiveMessageOptChanged'
      ? WireReceiveMessageOptInfo
      : { conversationID: string; opt: ReceiveMessageOpt },
  ): void {
    const { bus } = this.deps;
    const run = async () => {
      const others = (await bus.connectedOf(actor.sdkAppID, [actor.userID])).filter(
        (p) => p.instanceID !== actor.instanceID,
      );
      if (others.length > 0)
        await bus.sendToInstances(others, pushEvent({ push, data } as Parameters<typeof pushEvent>[0]));
    };
    run().catch((err: unknown) =>
      this.deps.logger.warn({ err, push }, 'receive option change delivery failed'),
    );
  }
}

function toWire(option: AllReceiveOptRecord | undefined): WireReceiveMessageOptInfo {
  return {
    allReceiveMessageOpt: (option?.opt ?? 0) as ReceiveMessageOpt,
    startHour: option?.startHour ?? 0,
    startMinute: option?.startMinute ?? 0,
    startSecond: option?.startSecond ?? 0,
    startTimeStamp: option?.startTimeStamp ?? 0,
    duration: option?.duration ?? 0,
  };
}

function key(sdkAppID: number, receiver: string): string {
  return `${sdkAppID}\n${receiver}`;
}

function ok<D>(data: D): OpReply<D> {
  return { code: ErrorCode.ERR_SUCC, desc: '', data };
}
