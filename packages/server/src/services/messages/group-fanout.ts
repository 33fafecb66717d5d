/**
 * Fan-out of group frames: serialised once, written to every online instance of the members in one
 * `sendToInstances`. Nothing is read or written per member but presence.
 */
import type { AnyPushFrame } from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, type Presence, pushEvent } from '../../bus/bus.js';

export class GroupFanOut {
  constructor(
    private readonly bus: Pick<Bus, 'instancesOf' | 'sendToInstances'>,
    private readonly logger: Logger,
  ) {}

  /** Pushes `frame` to the online instances of `userIDs`, in the background; never throws. */
  push(sdkAppID: number, userIDs: readonly string[], frame: AnyPushFrame): void {
    this.pushNow(sdkAppID, userIDs, frame).catch((err: unknown) => {
      this.logger.warn({ err, sdkAppID, push: frame.push }, 'group push failed; members will sync');
    });
  }

  async pushNow(sdkAppID: number, userIDs: readonly string[], frame: AnyPushFrame): Promise<void> {
    const found = await Promise.all(userIDs.map((userID) => this.bus.instancesOf(sdkAppID, userID)));
    const targets: Presence[] = [];
    for (const instances of found) for (const i of instances) if (i.connected) targets.push(i);
    if (targets.length > 0) await this.bus.sendToInstances(targets, pushEvent(frame));
  }
}
