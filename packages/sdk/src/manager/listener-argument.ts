/** Listener arguments: the listener itself, or `{ listener }` as the Flutter SDK passes it. */
import type { ListenerArgument } from '../message-types.js';

export function listenerOf<L extends object>(argument: ListenerArgument<L> | undefined): L | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  if ('listener' in argument) {
    const inner = (argument as { listener: unknown }).listener;
    return typeof inner === 'object' && inner !== null ? (inner as L) : undefined;
  }
  return argument as L;
}
