/**
 * What the feature managers (conversation, message, and those to come) see of the SDK: the session
 * while initialized, to check the login status and, later, send requests.
 */
import { ErrorCode } from '@parley/protocol';
import { fail } from '../client/results.js';
import type { Session } from '../client/session.js';
import type { StateMachine } from '../client/state.js';
import { type V2TimCallback, V2TimLoginStatus } from '../types.js';

export interface ManagerContext {
  /** The session, or undefined before initSDK and after unInitSDK. */
  session(): Session | undefined;
  readonly state: StateMachine;
}

/** 6013 before init, else undefined. */
export function requireInit(context: ManagerContext): V2TimCallback | undefined {
  return context.session() ? undefined : fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
}

/** 6013 before init, 6014 unless LOGINED (login.md §4.4), else undefined. */
export function requireLogin(context: ManagerContext): V2TimCallback | undefined {
  return (
    requireInit(context) ??
    (context.state.login === V2TimLoginStatus.V2TIM_STATUS_LOGINED
      ? undefined
      : fail(ErrorCode.ERR_SDK_NOT_LOGGED_IN))
  );
}
