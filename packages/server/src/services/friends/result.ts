/** Replies of the friend service: success, or a registry code with an optional detail. */
import { describeError } from '@parley/protocol';

export interface Reply<D> {
  code: number;
  desc: string;
  data?: D;
}

export function ok<D>(data: D): Reply<D> {
  return { code: 0, desc: '', data };
}

export function fail<D = never>(code: number, detail?: string): Reply<D> {
  return { code, desc: detail === undefined ? describeError(code) : `${describeError(code)}: ${detail}` };
}

/** Thrown inside a transaction to roll it back and answer with a code. */
export class FriendError extends Error {
  constructor(
    readonly code: number,
    readonly detail?: string,
  ) {
    super(detail ?? describeError(code));
  }
}

/** Runs `fn`; a `FriendError` becomes its reply, anything else propagates. */
export async function answer<D>(fn: () => Promise<Reply<D>>): Promise<Reply<D>> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FriendError) return fail(error.code, error.detail);
    throw error;
  }
}
