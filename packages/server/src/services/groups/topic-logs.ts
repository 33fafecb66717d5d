/**
 * The message engine's `GroupLogs`, seen through a community's topics. Each topic has its own log
 * and a cursor per member of its community, so what happens to a community's members happens to
 * every topic's cursors too: a member who joins gets a cursor at each topic's head, one who leaves
 * loses them, and a dismissed community takes its topics (rows, logs, conversations) with it.
 * Topics created later give the members of that moment their cursors (topics.ts).
 */
import type { GroupTipsElem } from '@parley/protocol';
import type { Storage } from '../../storage/types.js';
import type { GroupLogs } from '../group-contract.js';

export class TopicAwareLogs implements GroupLogs {
  constructor(
    private readonly logs: GroupLogs,
    private readonly storage: () => Storage,
  ) {}

  postTips(sdkAppID: number, groupID: string, tips: GroupTipsElem, now: number): Promise<string> {
    return this.logs.postTips(sdkAppID, groupID, tips, now);
  }

  async membersJoined(sdkAppID: number, groupID: string, userIDs: readonly string[], now: number) {
    await this.logs.membersJoined(sdkAppID, groupID, userIDs, now);
    for (const topicID of await this.#topics(sdkAppID, groupID))
      await this.logs.membersJoined(sdkAppID, topicID, userIDs, now);
  }

  async membersLeft(sdkAppID: number, groupID: string, userIDs: readonly string[], now: number) {
    await this.logs.membersLeft(sdkAppID, groupID, userIDs, now);
    for (const topicID of await this.#topics(sdkAppID, groupID))
      await this.logs.membersLeft(sdkAppID, topicID, userIDs, now);
  }

  /** The community's row is gone by now; its topic rows go after their logs. */
  async groupDismissed(sdkAppID: number, groupID: string, memberIDs: readonly string[], now: number) {
    await this.logs.groupDismissed(sdkAppID, groupID, memberIDs, now);
    for (const topicID of await this.#topics(sdkAppID, groupID)) {
      await this.storage().groups.delete(sdkAppID, topicID);
      await this.logs.groupDismissed(sdkAppID, topicID, memberIDs, now);
    }
  }

  async #topics(sdkAppID: number, communityID: string): Promise<string[]> {
    return (await this.storage().groups.topics(sdkAppID, communityID)).map((t) => t.groupID);
  }
}
