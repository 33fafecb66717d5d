import { V2TimLogLevel } from '../types.js';

/** A logger that writes to `console` at or above the configured V2TIM log level. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLog(level: number): Log {
  const enabled = (at: number) => level !== V2TimLogLevel.V2TIM_LOG_NONE && at >= level;
  const prefix = '[parley-sdk]';
  return {
    debug: (m) => enabled(V2TimLogLevel.V2TIM_LOG_DEBUG) && console.debug(prefix, m),
    info: (m) => enabled(V2TimLogLevel.V2TIM_LOG_INFO) && console.info(prefix, m),
    warn: (m) => enabled(V2TimLogLevel.V2TIM_LOG_WARN) && console.warn(prefix, m),
    error: (m) => enabled(V2TimLogLevel.V2TIM_LOG_ERROR) && console.error(prefix, m),
  };
}

/** A logger that drops everything (before initSDK). */
export const silentLog: Log = createLog(V2TimLogLevel.V2TIM_LOG_NONE);
