/** The conversation list: avatar, name, last message, time and unread badge, plus "new chat". */
import { fieldValue, h } from '../shared/dom.js';
import { avatarColour, formatTime } from './format.js';
import { type ChatConversation, preview, sortConversations } from './model.js';

export interface SidebarOptions {
  conversations: readonly ChatConversation[];
  active: string | undefined;
  open(userID: string): void;
}

export function avatar(userID: string): HTMLElement {
  return h(
    'span',
    { class: 'avatar', attrs: { style: `background:${avatarColour(userID)}`, 'aria-hidden': 'true' } },
    [...userID][0] ?? '?',
  );
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

export function conversationListView(options: SidebarOptions): HTMLElement {
  const list = sortConversations(options.conversations);
  return list.length === 0
    ? h('p', { class: 'muted small empty-list' }, 'No conversations yet. Start one above.')
    : h(
        'ul',
        { class: 'conversations', attrs: { 'data-testid': 'conversation-list' } },
        ...list.map((conversation) =>
          conversationItem(conversation, conversation.userID === options.active, options),
        ),
      );
}

function conversationItem(
  conversation: ChatConversation,
  active: boolean,
  options: SidebarOptions,
): HTMLElement {
  const last = conversation.lastMessage;
  return h(
    'li',
    {},
    h(
      'button',
      {
        class: `conversation${active ? ' active' : ''}`,
        attrs: { type: 'button', 'data-testid': `conversation-${conversation.userID}` },
        on: { click: () => options.open(conversation.userID) },
      },
      avatar(conversation.userID),
      h(
        'span',
        { class: 'conversation-text' },
        h(
          'span',
          { class: 'conversation-top' },
          h('strong', {}, conversation.showName),
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
