/**
 * WebSocket close codes and what the SDK does after each. The SDK decides whether to reconnect from
 * the code's range alone, so a new terminal reason needs no SDK change.
 */
export const CloseCode = Object.freeze({
  /** Normal close after a logout the client asked for. */
  NORMAL: 1000,
  /** Server going away; reconnect (to another node when several are given). */
  GOING_AWAY: 1001,
  /** A frame that is not valid JSON or not a frame at all. */
  INVALID_FRAME: 1007,
  /** A frame larger than the server's limit (the `ws` maxPayload check). */
  FRAME_TOO_LARGE: 1009,
  /** Server restarting or draining on SIGTERM; reconnect. */
  SERVICE_RESTART: 1012,
  /** Server overloaded; reconnect later. */
  TRY_AGAIN_LATER: 1013,

  // Terminal range 4000-4499: the SDK goes to LOGOUT and does not reconnect.
  /** Displaced by another login of the same user (multi-device policy) or an admin kick. */
  KICKED: 4001,
  /** The ticket expired while the instance was online. */
  USERSIG_EXPIRED: 4002,
  /** The instance logged out. */
  LOGGED_OUT: 4003,

  // Transient range 4500-4999: the SDK reconnects with backoff and resumes.
  /** No frame from the client within the heartbeat timeout. */
  HEARTBEAT_TIMEOUT: 4500,
  /** The client did not log in soon enough after connecting. */
  LOGIN_TIMEOUT: 4501,
  /** Too many requests waiting or too many per second. */
  OVERLOAD: 4502,
});
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** True for close codes after which the client must not reconnect by itself. */
export function isTerminalClose(code: number): boolean {
  return code >= 4000 && code < 4500;
}
