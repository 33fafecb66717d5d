/**
 * The logged-in chat: header with the connection state and the own profile, the banner when the
 * session ended, the conversation list with the people sections, and the open thread. State lives
 * here (people's in PeopleState); the views are redrawn from it.
 */
import { h, replace } from '../shared/dom.js';
import type { Ending, NetStatus } from './connection.js';
import type { Messaging, Outcome } from './messaging.js';
import {
  type ChatConversation,
  type ChatMessage,
  markPeerRead,
  markRevoked,
  mergeMessages,
} from './model.js';
import type { People } from './people.js';
import { type ChatProfile, conversationLook, lookOf, peersToWatch, sendProblem } from './people-model.js';
import { PeopleState } from './people-state.js';
import { avatar, conversationListView, newChatForm } from './sidebar.js';
import { emptyThreadView, type PeerView, ThreadPanel, type ThreadState } from './thread.js';
import { SHOW_FOR_MS, TypingThrottle } from './typing.js';

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
  private readonly conversations = new Map<string, ChatConversation>();
  private readonly threads = new Map<string, ThreadState>();
  private active: string | undefined;
  private panel: ThreadPanel | undefined;
  private readonly typingThrottle = new TypingThrottle();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
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
          newChatForm(options.me, (peer) => this.open(peer)),
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
      open: (peer) => this.open(peer),
      problem: (text) => {
        this.problemSlot.textContent = text;
      },
    });
    this.showMe(undefined);
    this.stopListening = options.messaging.listen({
      onMessage: (message) => this.receive(message),
      onConversations: (changed) => this.updateConversations(changed),
      onPeerRead: (peer, readUpTo) =>
        this.changeThread(peer, (t) => ({ ...t, messages: markPeerRead(t.messages, readUpTo) })),
      onTyping: (peer) => this.peerTyping(peer),
      onRevoked: (msgID) => {
        for (const peer of this.threads.keys()) {
          this.changeThread(peer, (t) => ({ ...t, messages: markRevoked(t.messages, msgID) }));
        }
      },
    });
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
    if (status === 'online' && this.status !== 'online') void this.people.refresh();
    this.status = status;
    this.statusPill.className = `pill ${status}`;
    this.statusPill.textContent = STATUS_TEXT[status];
    this.panel?.update(this.thread(this.panel.peer), this.canSend());
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
    if (this.panel) this.panel.updatePeer(this.peerView(this.panel.peer));
  }

  private peerView(peer: string): PeerView {
    const profile = this.people.profiles.get(peer);
    const conversation = this.conversations.get(peer);
    return {
      look: conversation ? conversationLook(conversation, profile) : lookOf(peer, profile),
      profile,
      online: this.people.online.get(peer),
      blocked: this.people.blocked.has(peer),
    };
  }

  private canSend(): boolean {
    return this.status === 'online' && this.ending === undefined;
  }

  private async loadConversations(): Promise<void> {
    const result = await this.options.messaging.conversations();
    if (result.ok) this.updateConversations(result.value);
  }

  private updateConversations(changed: readonly ChatConversation[]): void {
    for (const conversation of changed) {
      // The open conversation is being read: a count that arrives meanwhile is cleared right away.
      if (conversation.userID === this.active && conversation.unreadCount > 0 && this.isReading()) {
        void this.options.messaging.markRead(conversation.userID);
        this.conversations.set(conversation.userID, { ...conversation, unreadCount: 0 });
      } else {
        this.conversations.set(conversation.userID, conversation);
      }
    }
    this.renderSidebar();
  }

  /** The peer's "typing…" shows for a few seconds after each notice. */
  private peerTyping(peer: string): void {
    clearTimeout(this.typingTimers.get(peer));
    this.typingTimers.set(
      peer,
      setTimeout(() => {
        this.typingTimers.delete(peer);
        if (this.panel?.peer === peer) this.panel.showTyping(false);
      }, SHOW_FOR_MS),
    );
    if (this.panel?.peer === peer) this.panel.showTyping(true);
  }

  private receive(message: ChatMessage): void {
    // A message from the peer ends its typing.
    if (!message.isSelf && this.typingTimers.has(message.peer)) {
      clearTimeout(this.typingTimers.get(message.peer));
      this.typingTimers.delete(message.peer);
      if (this.panel?.peer === message.peer) this.panel.showTyping(false);
    }
    // Only threads that were opened keep messages; the others fetch their history when opened, and
    // the conversation list (from the SDK's conversation events) shows their last message and count.
    if (this.threads.has(message.peer)) {
      this.changeThread(message.peer, (t) => ({ ...t, messages: mergeMessages(t.messages, [message]) }));
    }
    if (message.peer === this.active && !message.isSelf && this.isReading()) void this.markRead(message.peer);
  }

  /** The page is visible: a message arriving in the open thread counts as read. */
  private isReading(): boolean {
    return document.visibilityState === 'visible' && this.ending === undefined;
  }

  private open(peer: string): void {
    this.active = peer;
    if (!this.conversations.has(peer)) {
      this.conversations.set(peer, {
        conversationID: `c2c_${peer}`,
        userID: peer,
        showName: peer,
        unreadCount: 0,
      });
    }
    this.panel = new ThreadPanel({
      peer,
      thread: this.thread(peer),
      view: this.peerView(peer),
      setBlocked: (blocked) => void this.people.setBlocked(peer, blocked),
      loadOlder: () => void this.loadHistory(peer),
      send: (text) => this.send(peer, text),
      sendFile: (file, progress) => this.sendFile(peer, file, progress),
      recall: (message) => void this.recall(message),
      typing: () => {
        if (this.typingThrottle.admit(peer)) void this.options.messaging.sendTyping?.(peer).catch(() => {});
      },
    });
    replace(this.threadSlot, this.panel.element);
    this.panel.update(this.thread(peer), this.canSend());
    this.panel.showTyping(this.typingTimers.has(peer));
    this.renderSidebar();
    if (!this.threads.has(peer)) void this.loadHistory(peer);
    void this.markRead(peer);
  }

  private async markRead(peer: string): Promise<void> {
    const conversation = this.conversations.get(peer);
    if (conversation && conversation.unreadCount > 0) {
      this.conversations.set(peer, { ...conversation, unreadCount: 0 });
      this.renderSidebar();
    }
    await this.options.messaging.markRead(peer);
  }

  private async loadHistory(peer: string): Promise<void> {
    const before = this.thread(peer);
    if (before.loading) return;
    this.changeThread(peer, (t) => ({ ...t, loading: true }));
    const oldest = before.messages[0];
    const result = await this.options.messaging.history(peer, PAGE_SIZE, oldest);
    this.changeThread(peer, (t) =>
      result.ok
        ? {
            messages: mergeMessages(t.messages, result.value.messages),
            isFinished: result.value.isFinished,
            loading: false,
          }
        : { ...t, loading: false, error: `Could not load the history: ${result.desc} (${result.code})` },
    );
  }

  private async sendFile(
    peer: string,
    file: File,
    progress: (percent: number) => void,
  ): Promise<string | undefined> {
    return this.showSent(peer, await this.options.messaging.sendFile(peer, file, progress));
  }

  private async send(peer: string, text: string): Promise<string | undefined> {
    this.typingThrottle.reset(peer);
    return this.showSent(peer, await this.options.messaging.sendText(peer, text));
  }

  private showSent(peer: string, result: Outcome<ChatMessage>): string | undefined {
    if (!result.ok) return sendProblem(result.code, result.desc, this.peerView(peer).look.name);
    this.changeThread(peer, (t) => ({ ...t, messages: mergeMessages(t.messages, [result.value]) }));
    const conversation = this.conversations.get(peer);
    this.updateConversations([
      {
        ...(conversation ?? { conversationID: `c2c_${peer}`, userID: peer, showName: peer, unreadCount: 0 }),
        lastMessage: result.value,
      },
    ]);
    return undefined;
  }

  private async recall(message: ChatMessage): Promise<void> {
    const result = await this.options.messaging.recall(message);
    if (result.ok)
      this.changeThread(message.peer, (t) => ({ ...t, messages: markRevoked(t.messages, message.msgID) }));
    else window.alert(`Could not recall the message: ${result.desc} (${result.code})`);
  }

  private thread(peer: string): ThreadState {
    return this.threads.get(peer) ?? { messages: [], isFinished: false, loading: false };
  }

  private changeThread(peer: string, change: (thread: ThreadState) => ThreadState): void {
    const next = change(this.thread(peer));
    this.threads.set(peer, next);
    if (this.panel?.peer === peer) this.panel.update(next, this.canSend());
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
        open: (peer) => this.open(peer),
      }),
    );
    void this.people.watch(peersToWatch([...this.conversations.values()], this.active));
  }
}
