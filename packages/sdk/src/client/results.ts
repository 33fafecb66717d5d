import { describeError } from '@parley/protocol';
import type { V2TimCallback, V2TimValueCallback } from '../types.js';

/** A success result, with data when given. */
export function ok(): V2TimCallback;
export function ok<T>(data: T): V2TimValueCallback<T>;
export function ok<T>(data?: T): V2TimValueCallback<T> {
  return data === undefined ? { code: 0, desc: '' } : { code: 0, desc: '', data };
}

/** A failure result; `desc` defaults to the registry's description of the code. */
export function fail(code: number, desc?: string): V2TimCallback {
  return { code, desc: desc ?? describeError(code) };
}
