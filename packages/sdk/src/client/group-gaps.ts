/**
 * What to do with a group message or change that arrives live, given what the client applied
 * (pure, so it is tested as a table): apply it, drop it as already applied, or pull the gap first.
 */

/** A push's fate: `apply` (it is the next one), `drop` (seen), or `pull` (something before it is missing). */
export type PushPlan = 'apply' | 'drop' | 'pull';

/**
 * `applied` is the highest seq applied (undefined when the group is unknown yet: the first push
 * starts it). Seq 0 is an unstored message (AVChatRoom, online-only): always applied, never ordered.
 */
export function planPush(applied: number | undefined, seq: number): PushPlan {
  if (seq === 0 || applied === undefined) return 'apply';
  if (seq <= applied) return 'drop';
  return seq === applied + 1 ? 'apply' : 'pull';
}

/**
 * Where a fresh client starts a group: at the member's read position, so that what it has not read
 * arrives as new; a client that applied more keeps its own position.
 */
export function startPosition(applied: number | undefined, readSeq: number): number {
  return applied === undefined ? readSeq : applied;
}
