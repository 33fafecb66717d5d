/**
 * Fan-out of group frames: serialised once, written to every connected instance of the members in
 * one `sendToInstances`. Nothing is read or written per member but presence, and that in one batch
 * (`connectedOf`): a pass over this node's presence map, no promise per member.
 */
import type { AnyPushFrame } from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, type Presence, pushEvent, type UserIDs } from '../../bus/bus.js';
import type { MembershipFacts } from '../group-contract.js';

export class GroupFanOut {
  constructor(
    private readonly bus: Pick<Bus, 'connectedOf' | 'sendToInstances'>,
    private readonly logger: Logger,
  ) {}

  /**
   * Pushes `frame` to the online instances of `userIDs`, in the background; never throws. A group's
   * member map (not a list) lets the bus walk its online users instead when they are fewer.
   */
  push(sdkAppID: number, userIDs: UserIDs, frame: AnyPushFrame): void {
    this.#background(sdkAppID, frame, this.pushNow(sdkAppID, userIDs, frame));
  }

  /**
   * Pushes `frame` to the members of an AVChatRoom, in the background: only to the instances that
   * joined during their current login (a fresh login must `joinGroup` again; a resume keeps it).
   */
  pushToRoom(sdkAppID: number, members: ReadonlyMap<string, MembershipFacts>, frame: AnyPushFrame): void {
    const send = async () => {
      const online = await this.bus.connectedOf(sdkAppID, members);
      const joined = online.filter((p) => p.loginAt <= (members.get(p.userID)?.joinTime ?? -1));
      await this.#send(joined, frame);
    };
    this.#background(sdkAppID, frame, send());
  }

  async pushNow(sdkAppID: number, userIDs: UserIDs, frame: AnyPushFrame): Promise<void> {
    await this.#send(await this.bus.connectedOf(sdkAppID, userIDs), frame);
  }

  async #send(targets: readonly Presence[], frame: AnyPushFrame): Promise<void> {
    if (targets.length > 0) await this.bus.sendToInstances(targets, pushEvent(frame));
  }

  #background(sdkAppID: number, frame: AnyPushFrame, work: Promise<void>): void {
    work.catch((err: unknown) => {
      this.logger.warn({ err, sdkAppID, push: frame.push }, 'group push failed; members will sync');
    });
  }
}
