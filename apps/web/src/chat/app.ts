/**
 * The logged-in chat: header with the connection state and the own profile, the banner when the
 * session ended, the conversation list with the people sections, and the open thread. State lives
 * here (people's in PeopleState); the views are redrawn from it.
 */
import { h, replace } from '../shared/dom.js';
import type { Ending, NetStatus } from './connection.js';
import { receiptsToAsk, receiptsToSend } from './group-model.js';
import type { Messaging, Outcome } from './messaging.js';
import {
  applyReceipts,
  type ChatConversation,
  type ChatMessage,
  type ChatReceipt,
  c2cConversationID,
  emptyConversation,
  groupConversationID,
  markPeerRead,
  markRevoked,
  mergeMessages,
  targetOf,
} from './model.js';
import type { People } from './people.js';
import { type ChatProfile, conversationLook, lookOf, peersToWatch, sendProblem } from './people-model.js';
import { PeopleState } from './people-state.js';
import { avatar, conversationListView, newChatForm, newGroupForm } from './sidebar.js';
import { emptyThreadView, type PeerView, ThreadPanel, type ThreadState } from './thread.js';
import { SHOW_FOR_MS, TypingThrottle, typingText } from './typing.js';

/** Messages per history page (im-features §1.6 suggests 20). */
const PAGE_SIZE = 20;

const STATUS_TEXT: Record<NetStatus, string> = {
  online: 'Online',
  connecting: 'Connecting…',
  offline: 'Offline',
};

const ENDING_TEXT: Record<Ending, string> = {
  kicked: 'You were logged out because this account logged in somewhere else.',
  expired: 'Your ticket (UserSig) expired, so you were logged out.',
};

export interface ChatAppOptions {
  me: string;
  messaging: Messaging;
  people: People;
  logout(): void;
  /** Logs in again after a kick or an expiry. */
  relogin(): void;
}

export class ChatApp {
  readonly element: HTMLElement;
  private status: NetStatus = 'online';
  private ending: Ending | undefined;
  /** By conversation ID (`c2c_<userID>`, `group_<groupID>`), as threads, `active` and the typists. */
  private readonly conversations = new Map<string, ChatConversation>();
  private readonly threads = new Map<string, ThreadState>();
  private active: string | undefined;
  private panel: ThreadPanel | undefined;
  private readonly typingThrottle = new TypingThrottle();
  /** Who is typing where: conversation ID → UserID → the name shown and the timer that ends it. */
  private readonly typists = new Map<
    string,
    Map<string, { name: string; timer: ReturnType<typeof setTimeout> }>
  >();
  /** Group messages this tab already reported read (a report per message is enough). */
  private readonly reported = new Set<string>();
  private readonly onVisible = (): void => {
    if (this.active !== undefined && this.isReading()) {
      void this.markRead(this.active);
      this.reportRead(this.active);
    }
  };
  private readonly statusPill = h('span', { class: 'pill online', attrs: { 'data-testid': 'net-status' } });
  private readonly bannerSlot = h('div');
  private readonly listSlot = h('div');
  private readonly threadSlot = h('div', { class: 'thread-slot' });
  private readonly meSlot = h('span', { class: 'me' });
  private readonly problemSlot = h('p', {
    class: 'error-text small people-problem',
    attrs: { role: 'status', 'data-testid': 'people-problem' },
  });
  private readonly people: PeopleState;
  private readonly stopListening: () => void;

  constructor(private readonly options: ChatAppOptions) {
    this.element = h(
      'div',
      { class: 'chat' },
      h(
        'header',
        { class: 'topbar' },
        h('span', { class: 'brand' }, 'Parley', h('span', {}, ' chat')),
        this.statusPill,
        h('span', { class: 'spacer' }),
        this.meSlot,
        h(
          'button',
          { class: 'secondary', attrs: { type: 'button' }, on: { click: options.logout } },
          'Log out',
        ),
      ),
      this.bannerSlot,
      h(
        'div',
        { class: 'chat-body' },
        h(
          'aside',
          { class: 'sidebar' },
          newChatForm(options.me, (peer) => this.open(c2cConversationID(peer))),
          newGroupForm(options.me, (name, members) => this.createGroup(name, members)),
          this.problemSlot,
          this.listSlot,
        ),
        this.threadSlot,
      ),
    );
    this.people = new PeopleState({
      me: options.me,
      people: options.people,
      changed: () => this.peopleChanged(),
      selfChanged: (profile) => this.showMe(profile),
      open: (peer) => this.open(c2cConversationID(peer)),
      problem: (text) => {
        this.problemSlot.textContent = text;
      },
    });
    this.showMe(undefined);
    this.stopListening = options.messaging.listen({
      onMessage: (message) => this.receive(message),
      onConversations: (changed) => this.updateConversations(changed),
      onPeerRead: (peer, readUpTo) =>
        this.changeThread(c2cConversationID(peer), (t) => ({
          ...t,
          messages: markPeerRead(t.messages, readUpTo),
        })),
      onTyping: (conversationID, userID, name) => this.someoneTyping(conversationID, userID, name),
      onRevoked: (msgID) => {
        for (const id of this.threads.keys()) {
          this.changeThread(id, (t) => ({ ...t, messages: markRevoked(t.messages, msgID) }));
        }
      },
      onReceipts: (receipts) => this.applyReceipts(receipts),
      onJoinedGroup: (groupID) => {
        if (!this.conversations.has(groupConversationID(groupID))) void this.loadGroups();
      },
    });
    document.addEventListener('visibilitychange', this.onVisible);
    this.element
      .querySelector('.sidebar')
      ?.append(this.people.friendsPanel.element, this.people.editor.element);
    this.setStatus('online');
    this.renderSidebar();
    replace(this.threadSlot, emptyThreadView());
    void this.loadConversations();
  }

  setStatus(status: NetStatus): void {
    // Back online after a drop: what changed meanwhile was not pushed, so read it again.
    if (status === 'online' && this.status !== 'online') {
      void this.people.refresh();
      // Group events are not replayed either: a group joined meanwhile is read from the list.
      void this.loadGroups();
    }
    this.status = status;
    this.statusPill.className = `pill ${status}`;
    this.statusPill.textContent = STATUS_TEXT[status];
    this.panel?.update(this.thread(this.panel.conversationID), this.canSend());
  }

  /** The session is over (kicked or ticket expired): say so, and stop pretending to be connected. */
  end(ending: Ending): void {
    this.ending = ending;
    this.setStatus('offline');
    replace(
      this.bannerSlot,
      h(
        'div',
        { class: 'banner', attrs: { role: 'alert', 'data-testid': `banner-${ending}` } },
        h('span', {}, ENDING_TEXT[ending]),
        h(
          'button',
          { class: 'secondary', attrs: { type: 'button' }, on: { click: this.options.relogin } },
          'Log in again',
        ),
      ),
    );
  }

  dispose(): void {
    document.removeEventListener('visibilitychange', this.onVisible);
    this.stopListening();
    this.people.dispose();
  }

  private showMe(profile: ChatProfile | undefined): void {
    const look = lookOf(this.options.me, profile);
    replace(
      this.meSlot,
      avatar(look),
      h('strong', { attrs: { 'data-testid': 'me', title: this.options.me } }, look.name),
    );
  }

  /** A profile, a status or the blocklist changed: the list and the open thread's header follow. */
  private peopleChanged(): void {
    this.renderSidebar();
    if (this.panel) this.panel.updatePeer(this.peerView(this.panel.conversationID));
  }

  private peerView(conversationID: string): PeerView {
    const conversation = this.conversations.get(conversationID) ?? emptyConversation(conversationID);
    const { userID, groupID } = targetOf(conversationID);
    const profiles = this.people.profiles;
    if (groupID !== undefined) {
      const faceUrl = conversation.faceUrl;
      return {
        // The group's ID picks the letter avatar's colour, as a UserID does for people.
        look: { userID: groupID, name: conversation.showName || groupID, ...(faceUrl ? { faceUrl } : {}) },
        profile: undefined,
        online: undefined,
        blocked: false,
        group: true,
        profileOf: (sender) => profiles.get(sender),
      };
    }
    const profile = profiles.get(userID);
    return {
      look: conversationLook(conversation, profile),
      profile,
      online: this.people.online.get(userID),
      blocked: this.people.blocked.has(userID),
      profileOf: (sender) => (sender === userID ? profile : undefined),
    };
  }

  private canSend(): boolean {
    return this.status === 'online' && this.ending === undefined;
  }

  private async loadConversations(): Promise<void> {
    const result = await this.options.messaging.conversations();
    if (result.ok) this.updateConversations(result.value);
    await this.loadGroups();
  }

  /** Joined groups without a message yet have no conversation: list them too. */
  private async loadGroups(): Promise<void> {
    const result = await this.options.messaging.joinedGroups?.();
    if (!result?.ok) return;
    const missing = result.value.filter((group) => !this.conversations.has(group.conversationID));
    if (missing.length > 0) this.updateConversations(missing);
  }

  private async createGroup(name: string, members: readonly string[]): Promise<string | undefined> {
    const create = this.options.messaging.createGroup;
    if (!create) return 'Groups are not available.';
    const result = await create(name, members);
    if (!result.ok) return `Could not create the group: ${result.desc} (${result.code})`;
    const known = this.conversations.get(result.value.conversationID);
    if (!known) this.conversations.set(result.value.conversationID, result.value);
    this.open(result.value.conversationID);
    return undefined;
  }

  private updateConversations(changed: readonly ChatConversation[]): void {
    for (const incoming of changed) {
      const id = incoming.conversationID;
      const known = this.conversations.get(id);
      // A group conversation may arrive before the group's name did: keep the name already known.
      const conversation =
        incoming.groupID !== undefined && incoming.showName === incoming.groupID && known
          ? { ...incoming, showName: known.showName }
          : incoming;
      // The open conversation is being read: a count that arrives meanwhile is cleared right away.
      if (id === this.active && conversation.unreadCount > 0 && this.isReading()) {
        void this.options.messaging.markRead(id);
        this.conversations.set(id, { ...conversation, unreadCount: 0 });
      } else {
        this.conversations.set(id, conversation);
      }
    }
    this.renderSidebar();
  }

  /** "… is typing…" shows for a few seconds after each notice, per person (a group may have several). */
  private someoneTyping(conversationID: string, userID: string, name: string): void {
    const typists = this.typists.get(conversationID) ?? new Map();
    clearTimeout(typists.get(userID)?.timer);
    typists.set(userID, {
      name,
      timer: setTimeout(() => this.stopTyping(conversationID, userID), SHOW_FOR_MS),
    });
    this.typists.set(conversationID, typists);
    this.showTyping(conversationID);
  }

  private stopTyping(conversationID: string, userID: string): void {
    const typists = this.typists.get(conversationID);
    const entry = typists?.get(userID);
    if (!typists || !entry) return;
    clearTimeout(entry.timer);
    typists.delete(userID);
    if (typists.size === 0) this.typists.delete(conversationID);
    this.showTyping(conversationID);
  }

  private showTyping(conversationID: string): void {
    if (this.panel?.conversationID !== conversationID) return;
    const view = this.peerView(conversationID);
    const typists = [...(this.typists.get(conversationID)?.entries() ?? [])];
    // One-to-one: the peer's name as the header shows it; groups: the name the notice came with.
    const names = typists.map(([userID, { name }]) =>
      view.group ? lookOf(userID, view.profileOf(userID), { nickName: name }).name : view.look.name,
    );
    this.panel.showTyping(typingText(names));
  }

  private receive(message: ChatMessage): void {
    const id = message.conversationID;
    // A message from someone typing ends their "typing…".
    if (!message.isSelf) this.stopTyping(id, message.sender);
    // Only threads that were opened keep messages; the others fetch their history when opened, and
    // the conversation list (from the SDK's conversation events) shows their last message and count.
    if (this.threads.has(id)) {
      this.changeThread(id, (t) => ({ ...t, messages: mergeMessages(t.messages, [message]) }));
    }
    if (id === this.active && !message.isSelf && this.isReading()) {
      void this.markRead(id);
      this.reportRead(id);
    }
  }

  /**
   * The open group thread is on screen: its messages that asked for a receipt are reported read,
   * each once. A failed report is tried again with the next message or the next look at the page.
   */
  private reportRead(conversationID: string): void {
    const send = this.options.messaging.sendReadReceipts;
    if (!send || targetOf(conversationID).groupID === undefined) return;
    for (const batch of receiptsToSend(this.thread(conversationID).messages, this.reported)) {
      for (const msgID of batch) this.reported.add(msgID);
      void send(batch).then((result) => {
        if (!result.ok) for (const msgID of batch) this.reported.delete(msgID);
      });
    }
  }

  /** Reads the current counts of own group messages just loaded (pushes only cover what follows). */
  private async askReceipts(conversationID: string, messages: readonly ChatMessage[]): Promise<void> {
    const ask = this.options.messaging.readReceipts;
    if (!ask || targetOf(conversationID).groupID === undefined) return;
    for (const batch of receiptsToAsk(messages)) {
      const result = await ask(batch);
      if (result.ok) this.applyReceipts(result.value);
    }
  }

  private applyReceipts(receipts: readonly ChatReceipt[]): void {
    const ids = new Set(receipts.map((receipt) => receipt.msgID));
    for (const [id, thread] of this.threads) {
      if (thread.messages.some((message) => ids.has(message.msgID))) {
        this.changeThread(id, (t) => ({ ...t, messages: applyReceipts(t.messages, receipts) }));
      }
    }
  }

  /** The page is visible: a message arriving in the open thread counts as read. */
  private isReading(): boolean {
    return document.visibilityState === 'visible' && this.ending === undefined;
  }

  private open(conversationID: string): void {
    this.active = conversationID;
    if (!this.conversations.has(conversationID)) {
      this.conversations.set(conversationID, emptyConversation(conversationID));
    }
    const { userID } = targetOf(conversationID);
    this.panel = new ThreadPanel({
      conversationID,
      thread: this.thread(conversationID),
      view: this.peerView(conversationID),
      setBlocked: (blocked) => {
        if (userID !== undefined) void this.people.setBlocked(userID, blocked);
      },
      loadOlder: () => void this.loadHistory(conversationID),
      send: (text) => this.send(conversationID, text),
      sendFile: (file, progress) => this.sendFile(conversationID, file, progress),
      recall: (message) => void this.recall(message),
      typing: () => {
        if (this.typingThrottle.admit(conversationID))
          void this.options.messaging.sendTyping?.(conversationID).catch(() => {});
      },
    });
    replace(this.threadSlot, this.panel.element);
    this.panel.update(this.thread(conversationID), this.canSend());
    this.showTyping(conversationID);
    this.renderSidebar();
    if (!this.threads.has(conversationID)) void this.loadHistory(conversationID);
    else this.reportRead(conversationID);
    void this.markRead(conversationID);
  }

  private async markRead(conversationID: string): Promise<void> {
    const conversation = this.conversations.get(conversationID);
    if (conversation && conversation.unreadCount > 0) {
      this.conversations.set(conversationID, { ...conversation, unreadCount: 0 });
      this.renderSidebar();
    }
    await this.options.messaging.markRead(conversationID);
  }

  private async loadHistory(conversationID: string): Promise<void> {
    const before = this.thread(conversationID);
    if (before.loading) return;
    this.changeThread(conversationID, (t) => ({ ...t, loading: true }));
    const oldest = before.messages[0];
    const result = await this.options.messaging.history(conversationID, PAGE_SIZE, oldest);
    this.changeThread(conversationID, (t) =>
      result.ok
        ? {
            messages: mergeMessages(t.messages, result.value.messages),
            isFinished: result.value.isFinished,
            loading: false,
          }
        : { ...t, loading: false, error: `Could not load the history: ${result.desc} (${result.code})` },
    );
    if (!result.ok) return;
    void this.askReceipts(conversationID, result.value.messages);
    if (conversationID === this.active && this.isReading()) this.reportRead(conversationID);
  }

  private async sendFile(
    conversationID: string,
    file: File,
    progress: (percent: number) => void,
  ): Promise<string | undefined> {
    return this.showSent(
      conversationID,
      await this.options.messaging.sendFile(conversationID, file, progress),
    );
  }

  private async send(conversationID: string, text: string): Promise<string | undefined> {
    this.typingThrottle.reset(conversationID);
    return this.showSent(conversationID, await this.options.messaging.sendText(conversationID, text));
  }

  private showSent(conversationID: string, result: Outcome<ChatMessage>): string | undefined {
    if (!result.ok) return sendProblem(result.code, result.desc, this.peerView(conversationID).look.name);
    this.changeThread(conversationID, (t) => ({ ...t, messages: mergeMessages(t.messages, [result.value]) }));
    const conversation = this.conversations.get(conversationID) ?? emptyConversation(conversationID);
    this.updateConversations([{ ...conversation, lastMessage: result.value }]);
    return undefined;
  }

  private async recall(message: ChatMessage): Promise<void> {
    const result = await this.options.messaging.recall(message);
    if (result.ok)
      this.changeThread(message.conversationID, (t) => ({
        ...t,
        messages: markRevoked(t.messages, message.msgID),
      }));
    else window.alert(`Could not recall the message: ${result.desc} (${result.code})`);
  }

  private thread(conversationID: string): ThreadState {
    return this.threads.get(conversationID) ?? { messages: [], isFinished: false, loading: false };
  }

  private changeThread(conversationID: string, change: (thread: ThreadState) => ThreadState): void {
    const next = change(this.thread(conversationID));
    this.threads.set(conversationID, next);
    if (this.panel?.conversationID === conversationID) this.panel.update(next, this.canSend());
  }

  private renderSidebar(): void {
    replace(
      this.listSlot,
      conversationListView({
        conversations: [...this.conversations.values()],
        active: this.active,
        profiles: this.people.profiles,
        online: this.people.online,
        blocked: this.people.blocked,
        open: (conversationID) => this.open(conversationID),
      }),
    );
    const activePeer = this.active === undefined ? undefined : targetOf(this.active).userID;
    void this.people.watch(peersToWatch([...this.conversations.values()], activePeer));
  }
}
