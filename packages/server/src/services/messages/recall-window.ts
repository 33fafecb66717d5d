/** The recall rule (im-features.md §1.12): a sender may recall a message until the window has passed. */

/** True while a message sent at `sentAt` (ms) may still be recalled at `now` (ms). */
export function withinRecallWindow(now: number, sentAt: number, windowSeconds: number): boolean {
  return now - sentAt <= windowSeconds * 1000;
}
