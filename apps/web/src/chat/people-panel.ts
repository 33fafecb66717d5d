/**
 * The sidebar's people sections: "My profile" (nickname and avatar URL), and "Friends" (add by
 * UserID, incoming requests with accept / refuse, the friends list). The forms are built once, so
 * typing survives the lists being redrawn when an event arrives.
 */
import { fieldValue, h, replace } from '../shared/dom.js';
import type { ChatProfile, FriendRequest, Look } from './people-model.js';
import { avatar } from './sidebar.js';

/** Profile fields are at most 500 bytes (docs/users.md); the form keeps well inside. */
const NICK_MAX = 100;
const URL_MAX = 500;

export interface ProfileEditorOptions {
  save(change: { nickName: string; faceUrl: string }): Promise<string | undefined>;
}

/**
 * A folded "My profile" form. `show` fills it with the current profile (a change from another
 * device included) unless the user has unsaved edits in it.
 */
export class ProfileEditor {
  readonly element: HTMLDetailsElement;
  private readonly form: HTMLFormElement;
  private edited = false;
  private readonly status = h('span', { class: 'small muted', attrs: { 'data-testid': 'profile-status' } });

  constructor(options: ProfileEditorOptions) {
    this.form = h(
      'form',
      { class: 'stack', attrs: { 'data-testid': 'profile-form' } },
      h(
        'label',
        {},
        'Nickname',
        h('input', {
          attrs: {
            name: 'nickName',
            maxlength: NICK_MAX,
            autocomplete: 'off',
            'data-testid': 'profile-nick',
          },
        }),
      ),
      h(
        'label',
        {},
        'Avatar URL',
        h('input', {
          attrs: {
            name: 'faceUrl',
            type: 'url',
            maxlength: URL_MAX,
            placeholder: 'https://…',
            autocomplete: 'off',
            'data-testid': 'profile-face',
          },
        }),
      ),
      h(
        'span',
        { class: 'row' },
        h('button', { attrs: { type: 'submit', 'data-testid': 'profile-save' } }, 'Save'),
        this.status,
      ),
    );
    this.form.addEventListener('input', () => {
      this.edited = true;
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.status.textContent = 'Saving…';
      void options
        .save({ nickName: fieldValue(this.form, 'nickName'), faceUrl: fieldValue(this.form, 'faceUrl') })
        .then((problem) => {
          if (problem === undefined) this.edited = false;
          this.status.textContent = problem ?? 'Saved';
        });
    });
    this.element = h(
      'details',
      { class: 'panel-section', attrs: { 'data-testid': 'profile-editor' } },
      h('summary', { attrs: { 'data-testid': 'profile-toggle' } }, 'My profile'),
      this.form,
    );
  }

  show(profile: ChatProfile): void {
    if (this.edited) return;
    for (const [name, value] of [
      ['nickName', profile.nickName],
      ['faceUrl', profile.faceUrl],
    ] as const) {
      const field = this.form.elements.namedItem(name);
      if (field instanceof HTMLInputElement) field.value = value;
    }
  }
}

export interface FriendsPanelOptions {
  me: string;
  addFriend(userID: string): Promise<string>;
  answer(userID: string, accept: boolean): void;
  open(userID: string): void;
}

export interface FriendsState {
  /** Requests to this user, each with the requester's name and avatar. */
  requests: readonly (FriendRequest & { look: Look })[];
  friends: readonly Look[];
}

/** "Friends": the add form, the requests waiting for an answer, and the friends. */
export class FriendsPanel {
  readonly element: HTMLDetailsElement;
  private readonly lists = h('div');
  private readonly count = h('span', { class: 'badge', attrs: { 'data-testid': 'request-count' } });

  constructor(private readonly options: FriendsPanelOptions) {
    const result = h('p', { class: 'small muted', attrs: { 'data-testid': 'add-friend-result' } });
    const form = h(
      'form',
      { class: 'new-chat', attrs: { 'data-testid': 'add-friend' } },
      h('input', {
        attrs: {
          name: 'userID',
          placeholder: 'Add friend by UserID…',
          maxlength: 32,
          autocomplete: 'off',
          'aria-label': 'UserID to add as a friend',
          'data-testid': 'add-friend-user',
        },
      }),
      h('button', { attrs: { type: 'submit', 'data-testid': 'add-friend-button' } }, 'Add'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const userID = fieldValue(form, 'userID');
      if (userID === '' || userID === options.me) return;
      result.textContent = 'Sending…';
      void options.addFriend(userID).then((text) => {
        result.textContent = text;
        form.reset();
      });
    });
    this.count.hidden = true;
    this.element = h(
      'details',
      { class: 'panel-section', attrs: { 'data-testid': 'friends-panel' } },
      h('summary', { attrs: { 'data-testid': 'friends-toggle' } }, 'Friends ', this.count),
      form,
      result,
      this.lists,
    );
  }

  show(state: FriendsState): void {
    this.count.hidden = state.requests.length === 0;
    this.count.textContent = String(state.requests.length);
    // New requests unfold the section, so they are not missed.
    if (state.requests.length > 0) this.element.open = true;
    replace(
      this.lists,
      state.requests.length > 0 ? h('h3', { class: 'section-title' }, 'Requests') : null,
      state.requests.length > 0
        ? h(
            'ul',
            { class: 'people', attrs: { 'data-testid': 'friend-requests' } },
            ...state.requests.map((request) => this.requestItem(request)),
          )
        : null,
      h('h3', { class: 'section-title' }, 'Friends'),
      state.friends.length === 0
        ? h('p', { class: 'small muted' }, 'No friends yet.')
        : h(
            'ul',
            { class: 'people', attrs: { 'data-testid': 'friend-list' } },
            ...state.friends.map((friend) => this.friendItem(friend)),
          ),
    );
  }

  private requestItem(request: FriendRequest & { look: Look }): HTMLElement {
    const { look } = request;
    return h(
      'li',
      { class: 'person', attrs: { 'data-testid': `request-${request.userID}` } },
      avatar(look),
      h(
        'span',
        { class: 'person-text' },
        h('strong', {}, look.name),
        look.name === request.userID ? null : h('span', { class: 'small muted' }, request.userID),
        request.wording ? h('span', { class: 'small muted' }, request.wording) : null,
      ),
      h(
        'button',
        {
          attrs: { type: 'button', 'data-testid': 'request-accept' },
          on: { click: () => this.options.answer(request.userID, true) },
        },
        'Accept',
      ),
      h(
        'button',
        {
          class: 'secondary',
          attrs: { type: 'button', 'data-testid': 'request-refuse' },
          on: { click: () => this.options.answer(request.userID, false) },
        },
        'Refuse',
      ),
    );
  }

  private friendItem(friend: Look): HTMLElement {
    return h(
      'li',
      { attrs: { 'data-testid': `friend-${friend.userID}` } },
      h(
        'button',
        {
          class: 'person conversation',
          attrs: { type: 'button', title: `Chat with ${friend.userID}` },
          on: { click: () => this.options.open(friend.userID) },
        },
        avatar(friend),
        h(
          'span',
          { class: 'person-text' },
          h('strong', {}, friend.name),
          friend.name === friend.userID ? null : h('span', { class: 'small muted' }, friend.userID),
        ),
      ),
    );
  }
}
