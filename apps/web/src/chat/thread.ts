/**
 * The open conversation: a header with the peer's (or group's) name, online dot and the block
 * action, the older-history button, message bubbles with the sender, read state and recall, group
 * tips as centred lines, and the composer.
 */
import { h, replace } from '../shared/dom.js';
import { formatTime } from './format.js';
import { groupReadText } from './group-model.js';
import { type ChatAttachment, type ChatMessage, canRecall, showsTime } from './model.js';
import { type ChatProfile, type Look, senderLook, startsRun } from './people-model.js';
import { avatar, onlineDot } from './sidebar.js';

export interface ThreadState {
  messages: ChatMessage[];
  isFinished: boolean;
  loading: boolean;
  /** Shown instead of the messages when history could not be read (e.g. an SDK without messaging). */
  error?: string;
}

/** What the header shows about the peer; redrawn when a profile, status or the blocklist changes. */
export interface PeerView {
  /** The peer, or the group (its name and picture). */
  look: Look;
  /** The peer's live profile, which names their messages too (undefined until read). */
  profile: ChatProfile | undefined;
  online: boolean | undefined;
  /** This user blocked the peer. */
  blocked: boolean;
  /** A group conversation: no online dot or block button, and every sender is named. */
  group?: boolean;
  /** The live profile of a message's sender, when watched. */
  profileOf(userID: string): ChatProfile | undefined;
}

export interface ThreadOptions {
  /** `c2c_<userID>` or `group_<groupID>`. */
  conversationID: string;
  thread: ThreadState;
  view: PeerView;
  loadOlder(): void;
  send(text: string): Promise<string | undefined>;
  /** Sends a picture or file; resolves a problem to show, or undefined. */
  sendFile(file: File, progress: (percent: number) => void): Promise<string | undefined>;
  recall(message: ChatMessage): void;
  setBlocked(blocked: boolean): void;
  /** The user typed in the composer (the app tells the peer, rate-limited). */
  typing?(): void;
}

export function emptyThreadView(): HTMLElement {
  return h(
    'section',
    { class: 'thread thread-empty' },
    h('p', { class: 'muted' }, 'Pick a conversation, or start one with a UserID.'),
  );
}

/**
 * One open conversation. The composer is built once, so what the user is typing survives the
 * re-render of the message list when a message arrives.
 */
export class ThreadPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly header: HTMLElement;
  private readonly typingLine: HTMLElement;
  private view: PeerView;
  private thread: ThreadState;
  private canSend = false;

  constructor(private readonly options: ThreadOptions) {
    this.view = options.view;
    this.thread = options.thread;
    this.list = h('div', { class: 'messages', attrs: { 'data-testid': 'messages' } });
    this.header = h('header', { class: 'thread-header' });
    const parts = composer(options);
    this.sendButton = parts.button;
    this.typingLine = h('div', {
      class: 'muted small typing',
      attrs: { 'data-testid': 'typing', 'aria-live': 'polite' },
    });
    this.element = h('section', { class: 'thread' }, this.header, this.list, this.typingLine, parts.element);
    this.drawHeader();
  }

  /** The peer's name, status or block state changed: redraw the header and the senders' names. */
  updatePeer(view: PeerView): void {
    this.view = view;
    this.drawHeader();
    this.update(this.thread, this.canSend);
  }

  private drawHeader(): void {
    const { look, online, blocked } = this.view;
    if (this.view.group) {
      replace(
        this.header,
        h('span', { class: 'avatar-wrap' }, avatar(look)),
        h(
          'span',
          { class: 'thread-title' },
          h('strong', { attrs: { 'data-testid': 'thread-name' } }, look.name),
          h(
            'span',
            { class: 'muted small', attrs: { 'data-testid': 'thread-peer' } },
            `Group · ${look.userID}`,
          ),
        ),
      );
      return;
    }
    const peer = look.userID;
    replace(
      this.header,
      h('span', { class: 'avatar-wrap' }, avatar(look), onlineDot(online)),
      h(
        'span',
        { class: 'thread-title' },
        h('strong', { attrs: { 'data-testid': 'thread-name' } }, look.name),
        h(
          'span',
          { class: 'muted small', attrs: { 'data-testid': 'thread-peer' } },
          // The UserID under a nickname, then the status: "alice · Online".
          [look.name === peer ? '' : peer, online === undefined ? '' : online ? 'Online' : 'Not online']
            .filter((part) => part !== '')
            .join(' · '),
        ),
      ),
      h('span', { class: 'spacer' }),
      blocked ? h('span', { class: 'tag', attrs: { 'data-testid': 'blocked-tag' } }, 'Blocked') : null,
      h(
        'button',
        {
          class: blocked ? 'secondary' : 'danger',
          attrs: {
            type: 'button',
            'data-testid': 'block-toggle',
            title: blocked ? 'Let this user message you again' : 'Stop receiving messages from this user',
          },
          on: { click: () => this.options.setBlocked(!blocked) },
        },
        blocked ? 'Unblock' : 'Block',
      ),
    );
  }

  get conversationID(): string {
    return this.options.conversationID;
  }

  /** The "… is typing…" line above the composer (`''` hides it). */
  showTyping(text: string): void {
    this.typingLine.textContent = text;
  }

  update(thread: ThreadState, canSend: boolean): void {
    this.thread = thread;
    this.canSend = canSend;
    const list = this.list;
    // Stay at the bottom when the user was there (new messages), keep the place when reading older ones.
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const fromBottom = list.scrollHeight - list.scrollTop;
    list.replaceChildren();
    if (!thread.isFinished && thread.messages.length > 0) {
      list.append(
        h(
          'button',
          {
            class: 'secondary older',
            attrs: { type: 'button', 'data-testid': 'load-older', disabled: thread.loading },
            on: { click: this.options.loadOlder },
          },
          thread.loading ? 'Loading…' : 'Load older messages',
        ),
      );
    }
    if (thread.error) list.append(h('p', { class: 'error-text center' }, thread.error));
    else if (thread.messages.length === 0 && !thread.loading) {
      list.append(h('p', { class: 'muted center' }, `No messages yet. Say hello to ${this.view.look.name}.`));
    }
    const now = Date.now() / 1000;
    thread.messages.forEach((message, index) => {
      const first = startsRun(message, thread.messages[index - 1]);
      const sender =
        !message.isSelf && first ? senderLook(message, this.view.profileOf(message.sender)) : undefined;
      list.append(bubble(message, now, this.options, showsTime(message, thread.messages[index + 1]), sender));
    });
    list.scrollTop = atBottom ? list.scrollHeight : list.scrollHeight - fromBottom;
    this.sendButton.disabled = !canSend;
  }
}

/** `sender` is given for the first message of a run from the peer: its avatar and name show. */
function bubble(
  message: ChatMessage,
  now: number,
  options: ThreadOptions,
  withTime: boolean,
  sender: Look | undefined,
): HTMLElement {
  const own = message.isSelf;
  if (message.tip) {
    return h('div', { class: 'notice-line', attrs: { 'data-testid': 'group-tip' } }, message.text);
  }
  if (message.status === 'revoked') {
    return h(
      'div',
      { class: 'notice-line', attrs: { 'data-testid': 'message-revoked' } },
      own ? 'You recalled a message' : `${senderLook(message, undefined).name} recalled a message`,
    );
  }
  // Sending and failures always show; "Sent" and "Read" once per run, with the time; a group
  // message's "Read by N" on each message, since every one has its own readers.
  const groupRead = groupReadText(message);
  const state =
    message.status === 'sending'
      ? 'Sending…'
      : message.status === 'failed'
        ? 'Not sent'
        : groupRead
          ? groupRead
          : own && withTime
            ? message.isPeerRead
              ? 'Read'
              : 'Sent'
            : '';
  const meta: HTMLElement[] = [];
  if (withTime) meta.push(h('span', {}, formatTime(message.timestamp)));
  if (state) {
    meta.push(
      h(
        'span',
        {
          class: `state ${state === 'Read' || groupRead ? 'read' : ''}`,
          attrs: { 'data-testid': 'message-state' },
        },
        state,
      ),
    );
  }
  // The recall button sits beside the bubble and shows on hover, so it does not clutter every message.
  const recall = canRecall(message, now)
    ? h(
        'button',
        {
          class: 'link recall',
          attrs: { type: 'button', 'data-testid': 'recall', title: 'Recall this message for everyone' },
          on: { click: () => options.recall(message) },
        },
        'Recall',
      )
    : null;
  return h(
    'div',
    {
      class: `message ${own ? 'own' : 'theirs'}${sender ? ' first' : ''}`,
      attrs: { 'data-testid': 'message', 'data-msgid': message.msgID, 'data-read': message.isPeerRead },
    },
    sender
      ? h(
          'div',
          { class: 'sender' },
          avatar(sender),
          h('span', { attrs: { 'data-testid': 'message-sender' } }, sender.name),
        )
      : null,
    h(
      'div',
      { class: 'bubble-row' },
      recall,
      message.attachment
        ? attachmentBubble(message.attachment)
        : h('div', { class: 'bubble', attrs: { 'data-testid': 'message-text' } }, message.text),
    ),
    meta.length > 0 ? h('div', { class: 'meta' }, ...meta) : null,
  );
}

/** A picture as its thumbnail linking to the large variant, or a file as a download link. */
function attachmentBubble(attachment: ChatAttachment): HTMLElement {
  // Voice and video come from the apps; the demo plays them.
  if (attachment.kind === 'sound') {
    return h(
      'div',
      { class: 'bubble media' },
      h('audio', {
        attrs: { controls: true, preload: 'none', src: attachment.url, 'data-testid': 'message-sound' },
      }),
      ` ${attachment.duration}″`,
    );
  }
  if (attachment.kind === 'video') {
    return h(
      'div',
      { class: 'bubble media' },
      h('video', {
        attrs: {
          controls: true,
          preload: 'none',
          src: attachment.url,
          width: 240,
          'data-testid': 'message-video',
          ...(attachment.posterUrl ? { poster: attachment.posterUrl } : {}),
        },
      }),
    );
  }
  if (attachment.kind === 'image') {
    return h(
      'a',
      { class: 'bubble picture', attrs: { href: attachment.url, target: '_blank', rel: 'noopener' } },
      h('img', {
        attrs: {
          src: attachment.thumbUrl,
          width: attachment.width,
          height: attachment.height,
          alt: 'picture',
          'data-testid': 'message-image',
        },
      }),
    );
  }
  return h(
    'a',
    {
      class: 'bubble file',
      attrs: { href: attachment.url, download: attachment.name, 'data-testid': 'message-file' },
    },
    `📎 ${attachment.name} (${formatSize(attachment.size)})`,
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function composer(options: ThreadOptions): { element: HTMLElement; button: HTMLButtonElement } {
  const input = h('textarea', {
    attrs: {
      rows: 1,
      placeholder: `Message ${options.view.look.name}`,
      'aria-label': 'Message',
      'data-testid': 'composer',
    },
  });
  const error = h('div', { class: 'error-text small', attrs: { 'data-testid': 'send-error' } });
  const button = h('button', { attrs: { type: 'submit', 'data-testid': 'send' } }, 'Send');
  const picker = h('input', {
    attrs: {
      type: 'file',
      hidden: true,
      'aria-label': 'Attach a picture or file',
      'data-testid': 'attach-input',
    },
  }) as HTMLInputElement;
  const attach = h(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button', title: 'Send a picture or file', 'data-testid': 'attach' },
      on: { click: () => picker.click() },
    },
    '📎',
  );
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    picker.value = '';
    if (!file || button.disabled) return;
    error.textContent = 'Uploading… 0%';
    void options
      .sendFile(file, (percent) => {
        error.textContent = `Uploading… ${percent}%`;
      })
      .then((problem) => {
        error.textContent = problem ?? '';
      });
  });
  const form = h('form', { class: 'composer' }, attach, picker, input, button);
  const submit = (): void => {
    const text = input.value.trim();
    if (text === '' || button.disabled) return;
    input.value = '';
    void options.send(text).then((problem) => {
      error.textContent = problem ?? '';
      if (problem !== undefined && input.value === '') input.value = text;
    });
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('input', () => {
    if (input.value.trim() !== '') options.typing?.();
  });
  // Enter sends, Shift+Enter breaks the line, as in most chat apps.
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  queueMicrotask(() => input.focus());
  return { element: h('div', { class: 'composer-wrap' }, form, error), button };
}
