/**
 * The chat's knowledge of other users, kept in step with the server: live profiles and online status
 * of the watched peers, this user's own profile, the blocklist, friends and incoming requests. It
 * owns the "My profile" and "Friends" sections and tells the app when names, dots or blocks change.
 */
import type { People } from './people.js';
import { addFriendText, type ChatProfile, type FriendRequest, lookOf, watchPlan } from './people-model.js';
import { FriendsPanel, ProfileEditor } from './people-panel.js';

export interface PeopleStateOptions {
  me: string;
  people: People;
  /** Names, dots or the blocklist changed: redraw. */
  changed(): void;
  /** The own profile changed: redraw the header. */
  selfChanged(profile: ChatProfile): void;
  open(userID: string): void;
  /** Tells the user about a call that failed. */
  problem(text: string): void;
}

export class PeopleState {
  readonly profiles = new Map<string, ChatProfile>();
  readonly online = new Map<string, boolean>();
  readonly blocked = new Set<string>();
  readonly editor: ProfileEditor;
  readonly friendsPanel: FriendsPanel;
  /** Peers whose profile and status this tab subscribed to. */
  private readonly watched = new Set<string>();
  private friends: string[] = [];
  private requests: FriendRequest[] = [];
  private readonly stopListening: () => void;

  constructor(private readonly options: PeopleStateOptions) {
    const { people } = options;
    this.editor = new ProfileEditor({
      save: async (change) => {
        const result = await people.setSelf(change);
        return result.ok ? undefined : `Not saved: ${result.desc} (${result.code})`;
      },
    });
    this.friendsPanel = new FriendsPanel({
      me: options.me,
      addFriend: async (userID) => {
        const result = await people.addFriend(userID);
        if (!result.ok) return `Could not add ${userID}: ${result.desc} (${result.code})`;
        void this.loadFriends();
        return addFriendText(userID, result.value.resultCode, result.value.resultInfo);
      },
      answer: (userID, accept) => void this.answer(userID, accept),
      open: options.open,
    });
    this.stopListening = people.listen({
      onSelf: (profile) => this.showSelf(profile),
      onProfiles: (list) => {
        for (const profile of list) this.profiles.set(profile.userID, profile);
        this.options.changed();
        this.drawFriends();
      },
      onStatus: (changes) => {
        for (const change of changes) {
          if (this.watched.has(change.userID)) this.online.set(change.userID, change.online);
        }
        this.options.changed();
      },
      onBlocklist: () => void this.loadBlocklist(),
      onFriends: () => void this.loadFriends(),
    });
    void this.loadSelf();
    void this.loadBlocklist();
    void this.loadFriends();
  }

  dispose(): void {
    this.stopListening();
  }

  /**
   * Watches exactly these peers: subscribes to the new ones (reading their profile and status now,
   * since subscriptions only tell of later changes) and unsubscribes from the ones no longer shown.
   */
  async watch(wanted: readonly string[]): Promise<void> {
    const plan = watchPlan(wanted, this.watched);
    if (plan.subscribe.length === 0 && plan.unsubscribe.length === 0) return;
    // The set changes before the calls, so a second redraw meanwhile does not ask again.
    for (const userID of plan.subscribe) this.watched.add(userID);
    for (const userID of plan.unsubscribe) {
      this.watched.delete(userID);
      this.online.delete(userID);
    }
    const { people } = this.options;
    const watching = await people.watch(plan.subscribe, plan.unsubscribe);
    if (!watching.ok) {
      this.options.problem(`Could not follow names and status: ${watching.desc} (${watching.code})`);
    }
    if (plan.subscribe.length > 0) await this.readPeers(plan.subscribe);
  }

  /**
   * Reads everything again after a reconnect: changes pushed while the connection was down were
   * missed (subscriptions stay on the server, so only the current state is needed).
   */
  async refresh(): Promise<void> {
    void this.loadSelf();
    void this.loadBlocklist();
    void this.loadFriends();
    if (this.watched.size > 0) await this.readPeers([...this.watched]);
  }

  /** Reads the profiles and status of watched peers (a peer dropped meanwhile gets no dot). */
  private async readPeers(userIDs: readonly string[]): Promise<void> {
    const { people } = this.options;
    const [profiles, statuses] = await Promise.all([people.profiles(userIDs), people.statuses(userIDs)]);
    if (profiles.ok) for (const profile of profiles.value) this.profiles.set(profile.userID, profile);
    if (statuses.ok) {
      for (const status of statuses.value) {
        if (this.watched.has(status.userID)) this.online.set(status.userID, status.online);
      }
    }
    this.options.changed();
  }

  async setBlocked(userID: string, blocked: boolean): Promise<void> {
    const result = await this.options.people.setBlocked(userID, blocked);
    if (!result.ok) {
      this.options.problem(
        `Could not ${blocked ? 'block' : 'unblock'} ${userID}: ${result.desc} (${result.code})`,
      );
      return;
    }
    if (blocked) this.blocked.add(userID);
    else this.blocked.delete(userID);
    this.options.changed();
  }

  private async loadSelf(): Promise<void> {
    const result = await this.options.people.profiles([this.options.me]);
    const profile = result.ok ? result.value[0] : undefined;
    if (profile) this.showSelf(profile);
  }

  private showSelf(profile: ChatProfile): void {
    this.profiles.set(profile.userID, profile);
    this.editor.show(profile);
    this.options.selfChanged(profile);
  }

  private async loadBlocklist(): Promise<void> {
    const result = await this.options.people.blocked();
    if (!result.ok) return;
    this.blocked.clear();
    for (const userID of result.value) this.blocked.add(userID);
    this.options.changed();
  }

  private async loadFriends(): Promise<void> {
    const { people } = this.options;
    const [friends, requests] = await Promise.all([people.friends(), people.requests()]);
    if (friends.ok) this.friends = friends.value;
    if (requests.ok) this.requests = requests.value;
    // Names of friends and requesters: read the ones not known yet (watched peers' stay live).
    const unknown = [...this.friends, ...this.requests.map((request) => request.userID)].filter(
      (userID) => !this.profiles.has(userID),
    );
    if (unknown.length > 0) {
      const profiles = await people.profiles(unknown);
      if (profiles.ok) for (const profile of profiles.value) this.profiles.set(profile.userID, profile);
    }
    this.drawFriends();
  }

  private async answer(userID: string, accept: boolean): Promise<void> {
    const result = await this.options.people.answerRequest(userID, accept);
    if (!result.ok) {
      this.options.problem(`Could not answer ${userID}: ${result.desc} (${result.code})`);
    }
    await this.loadFriends();
  }

  private drawFriends(): void {
    this.friendsPanel.show({
      requests: this.requests.map((request) => ({
        ...request,
        look: lookOf(request.userID, this.profiles.get(request.userID)),
      })),
      friends: this.friends.map((userID) => lookOf(userID, this.profiles.get(userID))),
    });
  }
}
