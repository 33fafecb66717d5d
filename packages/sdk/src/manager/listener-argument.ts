/** Listener arguments: the listener itself, or `{ listener }` as the Flutter SDK passes it. */
import { ErrorCode } from '@parley/protocol';
import { fail, ok } from '../client/results.js';
import type { ListenerArgument } from '../message-types.js';
import type { V2TimCallback } from '../types.js';
import { type ManagerContext, requireInit } from './context.js';

export function listenerOf<L extends object>(argument: ListenerArgument<L> | undefined): L | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  if ('listener' in argument) {
    const inner = (argument as { listener: unknown }).listener;
    return typeof inner === 'object' && inner !== null ? (inner as L) : undefined;
  }
  return argument as L;
}

/**
 * The listeners of one kind that a manager calls (`addGroupListener`, `addFriendListener`, …): added
 * and removed with the V2TIM answers, each called in turn; one that throws is reported and never
 * keeps the others from hearing.
 */
export class ListenerSet<L extends object> {
  readonly #listeners = new Set<L>();

  constructor(
    private readonly context: ManagerContext,
    private readonly onError: (name: string, error: unknown) => void,
  ) {}

  /** Adds a listener (given directly, or as `{ listener }`); 6017 for anything else. */
  async add(argument: ListenerArgument<L>): Promise<V2TimCallback> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const found = listenerOf(argument);
    if (!found) return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'listener must be an object of callbacks');
    this.#listeners.add(found);
    return ok();
  }

  /** Removes one listener, or all of them when called without one. */
  async remove(argument?: ListenerArgument<L>): Promise<V2TimCallback> {
    const refused = requireInit(this.context);
    if (refused) return refused;
    const found = listenerOf(argument);
    if (found) this.#listeners.delete(found);
    else this.#listeners.clear();
    return ok();
  }

  /** Calls `call` with each listener; `name` tells the report of one that throws. */
  each(name: string, call: (listener: L) => void): void {
    for (const listener of [...this.#listeners]) {
      try {
        call(listener);
      } catch (error) {
        this.onError(name, error);
      }
    }
  }
}
