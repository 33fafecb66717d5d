/**
 * The REST envelope (login.md §8): every answer is HTTP 200 with `ActionStatus`, `ErrorCode` and
 * `ErrorInfo`, plus the endpoint's own fields. Handlers build results with `ok` and `fail`; the
 * plugin renders them.
 */
import { describeError, ErrorCode } from '@parley/protocol';

/** Fields an endpoint adds next to the envelope (`ResultItem`, `QueryResult`, …). */
export type RestFields = Readonly<Record<string, unknown>>;

/** What a handler or a check decided: success with fields, or a failure code with a reason. */
export type RestResult =
  | { readonly ok: true; readonly fields: RestFields }
  | { readonly ok: false; readonly code: number; readonly info: string; readonly fields?: RestFields };

/** The JSON body of every REST answer. */
export interface RestEnvelope {
  ActionStatus: 'OK' | 'FAIL';
  ErrorCode: number;
  ErrorInfo: string;
  [field: string]: unknown;
}

/** A success, with the endpoint's fields. */
export function ok(fields: RestFields = {}): RestResult {
  return { ok: true, fields };
}

/** A failure; `info` defaults to the registry's description of the code. */
export function fail(code: number, info = describeError(code)): RestResult {
  return { ok: false, code, info };
}

/** The body sent for a result. The envelope keys come first, as in the original's answers. */
export function render(result: RestResult): RestEnvelope {
  if (result.ok)
    return { ActionStatus: 'OK', ErrorCode: ErrorCode.ERR_SUCC, ErrorInfo: '', ...result.fields };
  return { ActionStatus: 'FAIL', ErrorCode: result.code, ErrorInfo: result.info, ...result.fields };
}
