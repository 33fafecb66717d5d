/**
 * Typing indicators: while this user types, the peer is told at most once per `SEND_EVERY_MS`; the
 * peer's "typing…" shows for `SHOW_FOR_MS` after the last notice (or until a message from them
 * arrives). The notices are online-only custom messages, so they never enter history, unread
 * counts or offline push.
 */

/** At most one notice per peer this often while typing. */
export const SEND_EVERY_MS = 3_000;
/** How long "typing…" stays after the last notice: a little over the sending period. */
export const SHOW_FOR_MS = 5_000;

/** The custom data of a typing notice. */
export const TYPING_DATA = '{"parleyTyping":1}';

export function isTypingNotice(data: string | undefined): boolean {
  return data === TYPING_DATA;
}

/** Lets through at most one notice per peer per period. */
export class TypingThrottle {
  readonly #last = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly everyMs = SEND_EVERY_MS,
  ) {}

  /** True when a notice to `peer` may go now (and counts it as sent). */
  admit(peer: string): boolean {
    const at = this.now();
    const last = this.#last.get(peer);
    if (last !== undefined && at - last < this.everyMs) return false;
    this.#last.set(peer, at);
    return true;
  }

  /** A message was sent: the next keystroke tells the peer again at once. */
  reset(peer: string): void {
    this.#last.delete(peer);
  }
}

/** The line under a thread: "Alice is typing…", "Alice and Bob are typing…", "4 people are typing…". */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}
