/**
 * The conversation list: avatar with the online dot, name, last message, time and unread badge,
 * plus "new chat" and "new group".
 */
import { fieldValue, h } from '../shared/dom.js';
import { avatarColour, formatTime } from './format.js';
import { parseMembers } from './group-model.js';
import { type ChatConversation, preview, sortConversations } from './model.js';
import { type ChatProfile, conversationLook, initialOf, type Look } from './people-model.js';

export interface SidebarOptions {
  conversations: readonly ChatConversation[];
  active: string | undefined;
  /** Live profiles of watched peers. */
  profiles: ReadonlyMap<string, ChatProfile>;
  /** Online (true) or not (false) per watched peer; absent while unknown. */
  online: ReadonlyMap<string, boolean>;
  blocked: ReadonlySet<string>;
  /** Opens a conversation by its ID. */
  open(conversationID: string): void;
}

/**
 * A round avatar: the user's picture when the profile has one, else the name's first letter on the
 * UserID's colour (also behind the picture, so a broken URL still shows a coloured circle).
 */
export function avatar(look: Look): HTMLElement {
  const circle = h(
    'span',
    {
      class: 'avatar',
      attrs: { style: `background:${avatarColour(look.userID)}`, 'aria-hidden': 'true' },
    },
    initialOf(look.name),
  );
  if (look.faceUrl) {
    const picture = h('img', {
      attrs: { src: look.faceUrl, alt: '', referrerpolicy: 'no-referrer', 'data-testid': 'avatar-image' },
    });
    picture.addEventListener('error', () => picture.remove());
    circle.append(picture);
  }
  return circle;
}

/** The green (online) or grey (away) dot on a peer's avatar; nothing while the status is unknown. */
export function onlineDot(online: boolean | undefined): HTMLElement | null {
  if (online === undefined) return null;
  return h('span', {
    class: `dot ${online ? 'on' : 'off'}`,
    attrs: {
      'data-testid': 'online-dot',
      'data-online': String(online),
      title: online ? 'Online' : 'Not online',
      role: 'img',
      'aria-label': online ? 'Online' : 'Not online',
    },
  });
}

/** "Chat with UserID…": built once, so typing survives the list being redrawn when a message arrives. */
export function newChatForm(me: string, open: (userID: string) => void): HTMLFormElement {
  const form = h(
    'form',
    { class: 'new-chat', attrs: { 'data-testid': 'new-chat' } },
    h('input', {
      attrs: {
        name: 'peer',
        placeholder: 'Chat with UserID…',
        maxlength: 32,
        autocomplete: 'off',
        'aria-label': 'UserID to chat with',
        'data-testid': 'new-chat-user',
      },
    }),
    h('button', { attrs: { type: 'submit', 'data-testid': 'new-chat-button' } }, 'Start'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const peer = fieldValue(form, 'peer');
    if (peer !== '' && peer !== me) {
      open(peer);
      form.reset();
    }
  });
  return form;
}

/**
 * "New group": a name and the members' UserIDs, comma separated; creates a Work group. `create`
 * resolves a problem to show, or undefined once the group is open.
 */
export function newGroupForm(
  me: string,
  create: (name: string, members: string[]) => Promise<string | undefined>,
): HTMLElement {
  const problem = h('p', { class: 'error-text small', attrs: { 'data-testid': 'new-group-problem' } });
  const form = h(
    'form',
    { class: 'new-group', attrs: { 'data-testid': 'new-group' } },
    h('input', {
      attrs: {
        name: 'name',
        placeholder: 'Group name',
        maxlength: 30,
        autocomplete: 'off',
        'aria-label': 'Group name',
        'data-testid': 'new-group-name',
      },
    }),
    h('input', {
      attrs: {
        name: 'members',
        placeholder: 'Members: bob, carol',
        autocomplete: 'off',
        'aria-label': 'Members (UserIDs, comma separated)',
        'data-testid': 'new-group-members',
      },
    }),
    h('button', { attrs: { type: 'submit', 'data-testid': 'new-group-button' } }, 'Create group'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = fieldValue(form, 'name');
    const parsed = parseMembers(fieldValue(form, 'members'), me);
    if (name === '') {
      problem.textContent = 'Give the group a name.';
      return;
    }
    if ('problem' in parsed) {
      problem.textContent = parsed.problem;
      return;
    }
    problem.textContent = 'Creating…';
    void create(name, parsed.members).then((text) => {
      problem.textContent = text ?? '';
      if (text !== undefined) return;
      form.reset();
      panel.open = false;
    });
  });
  const panel = h(
    'details',
    { class: 'new-group-panel' },
    h('summary', { attrs: { 'data-testid': 'new-group-toggle' } }, 'New group'),
    form,
    problem,
  ) as HTMLDetailsElement;
  return panel;
}

export function conversationListView(options: SidebarOptions): HTMLElement {
  const list = sortConversations(options.conversations);
  return list.length === 0
    ? h('p', { class: 'muted small empty-list' }, 'No conversations yet. Start one above.')
    : h(
        'ul',
        { class: 'conversations', attrs: { 'data-testid': 'conversation-list' } },
        ...list.map((conversation) =>
          conversationItem(conversation, conversation.conversationID === options.active, options),
        ),
      );
}

function conversationItem(
  conversation: ChatConversation,
  active: boolean,
  options: SidebarOptions,
): HTMLElement {
  const last = conversation.lastMessage;
  const peer = conversation.userID;
  const look = conversationLook(conversation, peer === undefined ? undefined : options.profiles.get(peer));
  return h(
    'li',
    {},
    h(
      'button',
      {
        class: `conversation${active ? ' active' : ''}`,
        attrs: {
          type: 'button',
          // People by UserID (`conversation-bob`), groups by conversation ID (`conversation-group_…`).
          'data-testid': `conversation-${peer ?? conversation.conversationID}`,
          'data-kind': peer === undefined ? 'group' : 'c2c',
        },
        on: { click: () => options.open(conversation.conversationID) },
      },
      h(
        'span',
        { class: 'avatar-wrap' },
        avatar(look),
        peer === undefined ? null : onlineDot(options.online.get(peer)),
      ),
      h(
        'span',
        { class: 'conversation-text' },
        h(
          'span',
          { class: 'conversation-top' },
          h(
            'span',
            { class: 'conversation-name' },
            h('strong', { attrs: { 'data-testid': 'conversation-name' } }, look.name),
            peer !== undefined && options.blocked.has(peer)
              ? h('span', { class: 'tag', attrs: { 'data-testid': 'blocked-tag' } }, 'Blocked')
              : null,
          ),
          last ? h('span', { class: 'muted small' }, formatTime(last.timestamp)) : null,
        ),
        h(
          'span',
          { class: 'conversation-bottom' },
          h(
            'span',
            { class: 'preview muted', attrs: { 'data-testid': 'conversation-preview' } },
            preview(last),
          ),
          conversation.unreadCount > 0
            ? h(
                'span',
                { class: 'badge', attrs: { 'data-testid': 'unread-badge' } },
                conversation.unreadCount > 99 ? '99+' : conversation.unreadCount,
              )
            : null,
        ),
      ),
    ),
  );
}
