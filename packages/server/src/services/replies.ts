/**
 * What a feature's operations answer: success with data, or a registry code (login.md §9) with an
 * optional detail. A rule broken deep inside a transaction throws a `ServiceError`, which rolls the
 * transaction back; `answer` turns it into the reply.
 */
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
export class ServiceError extends Error {
  constructor(
    readonly code: number,
    readonly detail?: string,
  ) {
    super(detail ?? describeError(code));
  }
}

/** Runs `fn`; a `ServiceError` becomes its reply, anything else propagates. */
export async function answer<D>(fn: () => Promise<Reply<D>>): Promise<Reply<D>> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ServiceError) return fail(error.code, error.detail);
    throw error;
  }
}
