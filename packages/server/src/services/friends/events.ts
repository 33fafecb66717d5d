/**
 * Friend events as `friendEvent` pushes to every connected instance of the users concerned, on
 * any node, through the bus: the acting device included, as V2TIM calls the listener there too.
 * Live notifications only (at most once); a client that reconnects asks for its lists again.
 */
import type { FriendEvent } from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, pushEvent } from '../../bus/bus.js';

export class FriendEvents {
  constructor(
    private readonly bus: Pick<Bus, 'connectedOf' | 'sendToInstances'>,
    private readonly logger: Logger,
  ) {}

  /** Pushes the event to the user's instances; in the background. */
  emit(sdkAppID: number, userID: string, event: FriendEvent): void {
    this.#emit(sdkAppID, userID, event).catch((err: unknown) =>
      this.logger.warn({ err, sdkAppID, userID, event: event.type }, 'friend event delivery failed'),
    );
  }

  async #emit(sdkAppID: number, userID: string, event: FriendEvent): Promise<void> {
    const presences = await this.bus.connectedOf(sdkAppID, [userID]);
    if (presences.length === 0) return;
    await this.bus.sendToInstances(presences, pushEvent({ push: 'friendEvent', data: { event } }));
  }
}
