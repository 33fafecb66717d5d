/**
 * `onFriendProfileChanged`: when a user's profile changes, everyone who has them in their friend
 * list hears of it on every connected device, as a `FriendProfileChanged` friend event carrying
 * their own entry for the friend (remark, groups …) with the new profile. Live only, like every
 * friend event; read once per change (one indexed query for all the listers), after the change's
 * reply.
 */
import type { FriendEvent, WireUserFullInfo } from '@parley/protocol';
import { type Bus, type Presence, pushEvent } from '../../bus/bus.js';
import type { FriendStore } from '../../storage/friends/index.js';
import { toWireFriend } from './core.js';

export class FriendProfileChanges {
  constructor(
    private readonly deps: {
      store: () => Pick<FriendStore, 'entriesAbout'>;
      bus: Pick<Bus, 'connectedOf' | 'sendToInstances'>;
    },
  ) {}

  /** Tells the users who list `profile.userID` as a friend; resolves once posted to their nodes. */
  async announce(sdkAppID: number, profile: WireUserFullInfo): Promise<void> {
    const entries = await this.deps.store().entriesAbout(sdkAppID, profile.userID);
    if (entries.length === 0) return;
    const online = await this.deps.bus.connectedOf(sdkAppID, new Set(entries.map((e) => e.userID)));
    if (online.length === 0) return;
    const byLister = new Map<string, Presence[]>();
    for (const presence of online) {
      const list = byLister.get(presence.userID);
      if (list) list.push(presence);
      else byLister.set(presence.userID, [presence]);
    }
    const sends: Promise<void>[] = [];
    for (const entry of entries) {
      const presences = byLister.get(entry.userID);
      if (!presences) continue;
      const event: FriendEvent = {
        type: 'FriendProfileChanged',
        friends: [{ ...toWireFriend(entry), userProfile: profile }],
      };
      sends.push(
        this.deps.bus.sendToInstances(presences, pushEvent({ push: 'friendEvent', data: { event } })),
      );
    }
    await Promise.all(sends);
  }
}
