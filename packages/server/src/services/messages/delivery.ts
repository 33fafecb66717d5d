/**
 * Delivery of committed changes to the instances that are online, through the bus. At most once:
 * an instance that misses a push finds the event when it next syncs (a gap in seq makes it pull).
 */
import type { AnyPushFrame } from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, pushEvent } from '../../bus/bus.js';
import type { UserDelivery } from '../../storage/messaging/index.js';

export class Delivery {
  constructor(
    private readonly bus: Pick<Bus, 'instancesOf' | 'sendToInstances'>,
    private readonly logger: Logger,
  ) {}

  /** Pushes each user's batch to every connected instance of that user; never throws. */
  deliver(sdkAppID: number, deliveries: readonly UserDelivery[]): void {
    for (const { userID, batch } of deliveries) {
      this.push(sdkAppID, userID, { push: 'syncEvent', data: batch });
    }
  }

  /** Pushes a frame to every connected instance of a user, in the background; never throws. */
  push(sdkAppID: number, userID: string, frame: AnyPushFrame): void {
    this.pushNow(sdkAppID, userID, frame).catch((err: unknown) => {
      this.logger.warn(
        { err, sdkAppID, userID, push: frame.push },
        'push delivery failed; the client will sync',
      );
    });
  }

  /** Serialises the frame once for all of the user's connected instances, wherever they are. */
  async pushNow(sdkAppID: number, userID: string, frame: AnyPushFrame): Promise<void> {
    const instances = (await this.bus.instancesOf(sdkAppID, userID)).filter((i) => i.connected);
    if (instances.length > 0) await this.bus.sendToInstances(instances, pushEvent(frame));
  }
}
