/** The friend service: friends and requests (friendship.ts), friend groups and the blocklist (lists.ts). */
import { FriendCore, type FriendServiceDeps } from './core.js';
import { Friendship } from './friendship.js';
import { FriendLists } from './lists.js';

export type { FriendActor, FriendServiceDeps } from './core.js';

export class FriendService {
  readonly core: FriendCore;
  readonly friendship: Friendship;
  readonly lists: FriendLists;

  constructor(deps: FriendServiceDeps) {
    this.core = new FriendCore(deps);
    this.friendship = new Friendship(this.core);
    this.lists = new FriendLists(this.core, this.friendship);
  }

  /**
   * A deleted account: its lists, requests and blocks, and everyone's entries, requests and blocks
   * naming it, are removed; every node's relationship cache forgets the users concerned. No events:
   * the others' lists just no longer hold it.
   */
  async forgetUser(sdkAppID: number, userID: string): Promise<void> {
    const touched = await this.core.deps.storage.friends.forgetUser(sdkAppID, userID);
    try {
      await this.core.deps.gate.changed(this.core.deps.bus, sdkAppID, [userID, ...touched]);
    } catch (err) {
      // This node forgot already; the others' copies end at their safety TTL.
      this.core.deps.logger.warn({ err, sdkAppID }, 'relationship change notice not posted');
    }
  }
}
