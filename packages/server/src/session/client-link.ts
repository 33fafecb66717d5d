/**
 * What the session layer needs of a client connection, so that session/ never imports transport/:
 * the transport's `Connection` is one (structurally), and a test can pass a plain object.
 */
import type { KickReason, Platform, PushData, PushName } from '@parley/protocol';
import type { InstanceAddress } from '../bus/bus.js';

/** Who a client is once its login succeeded. */
export interface SessionIdentity extends InstanceAddress {
  platform: Platform;
  loginAt: number;
  /** Ticket expiry, Unix seconds. */
  userSigExpireAt: number;
}

export interface ClientLink {
  /** The client's IP address, for throttling, callbacks and logs. */
  readonly address: string;
  readonly isOpen: boolean;
  identity: SessionIdentity | undefined;
  /** Set when the instance no longer belongs to this link (logout, kick, expiry, resumed elsewhere). */
  released: boolean;
  /** Why the server is closing this link, for the state-change webhook. */
  kickReason: KickReason | undefined;
  /** Set when the transport dropped the link for silence (Disconnect `TimeOut`, not `LinkClose`). */
  readonly timedOut: boolean;
  push<P extends PushName>(push: P, data: PushData<P>): void;
  /** Writes a frame serialised elsewhere (a push that arrived through the bus). */
  sendText(text: string): void;
  /** Ends the link; safe to call any number of times. */
  close(code: number, reason: string): void;
}
