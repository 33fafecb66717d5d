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
}
