/**
 * Delivery of committed changes to the instances that are online, through the bus. At most once:
 * an instance that misses a push finds the event when it next syncs (a gap in seq makes it pull).
 */
import type { AnyPushFrame } from '@parley/protocol';
import type { Logger } from 'pino';
import type { Bus } from '../../bus/bus.js';
import type { UserDelivery } from '../../storage/messaging/index.js';

export class Delivery {
  constructor(
    private readonly bus: Pick<Bus, 'instancesOf' | 'send'>,
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

  async pushNow(sdkAppID: number, userID: string, frame: AnyPushFrame): Promise<void> {
    const instances = await this.bus.instancesOf(sdkAppID, userID);
    await Promise.all(
      instances.filter((i) => i.connected).map((target) => this.bus.send(target, { type: 'push', frame })),
    );
  }
}
