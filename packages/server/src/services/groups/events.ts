/**
 * Group events as `groupEvent` pushes to the online instances of the users concerned, through the
 * bus: presence is read in one batch, and the frame is serialised once and sent once, whatever the
 * number of users and nodes. Live
 * notifications only (at most once); a client that reconnects refreshes its joined groups.
 */
import type { GroupEvent, GroupTipsElem } from '@parley/protocol';
import type { Logger } from 'pino';
import { type Bus, pushEvent } from '../../bus/bus.js';
import type { GroupLogs } from '../group-contract.js';

export class GroupEvents {
  constructor(
    private readonly bus: Pick<Bus, 'connectedOf' | 'sendToInstances'>,
    private readonly logs: GroupLogs,
    private readonly logger: Logger,
  ) {}

  /** Pushes the event to the users' connected instances, but `exceptInstance`; in the background. */
  emit(
    sdkAppID: number,
    groupID: string,
    userIDs: readonly string[],
    event: GroupEvent,
    exceptInstance?: string,
  ): void {
    this.#emit(sdkAppID, groupID, userIDs, event, exceptInstance).catch((err: unknown) =>
      this.logger.warn({ err, sdkAppID, groupID, event: event.type }, 'group event delivery failed'),
    );
  }

  /** Records a group tips message in the group's log (the message engine delivers it); in the background. */
  /**
   * Records the tip in the group's history before the operation answers, so that it comes before
   * anything sent after the answer; a failure is logged, never the operation's failure.
   */
  async tips(sdkAppID: number, tips: GroupTipsElem, now: number): Promise<void> {
    await this.logs
      .postTips(sdkAppID, tips.groupID, tips, now)
      .catch((err: unknown) =>
        this.logger.warn({ err, sdkAppID, groupID: tips.groupID }, 'group tips not recorded'),
      );
  }

  async #emit(
    sdkAppID: number,
    groupID: string,
    userIDs: readonly string[],
    event: GroupEvent,
    exceptInstance: string | undefined,
  ): Promise<void> {
    const presences = (await this.bus.connectedOf(sdkAppID, new Set(userIDs))).filter(
      (p) => p.instanceID !== exceptInstance,
    );
    if (presences.length === 0) return;
    await this.bus.sendToInstances(presences, pushEvent({ push: 'groupEvent', data: { groupID, event } }));
  }
}
