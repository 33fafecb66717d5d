/**
 * Offline push on the wire (docs/push.md): the per-message `offlinePushInfo` and the app's
 * background/foreground signals, which decide whether a connected device is pushed to.
 */

/** Longest `offlinePushInfo` fields (UTF-16 units). */
export const MAX_PUSH_TITLE = 200;
export const MAX_PUSH_DESC = 1_000;
export const MAX_PUSH_EXT = 2_000;

/** `V2TIMOfflinePushInfo`: what the notification of one message says, or that there is none. */
export interface WireOfflinePushInfo {
  title?: string;
  /** The notification body; replaces the text derived from the elements. */
  desc?: string;
  /** Opaque payload handed to the app when the notification is opened. */
  ext?: string;
  /** No push at all for this message. */
  disablePush?: boolean;
  /** iOS sound file; `push.no_sound` for silence. */
  iOSSound?: string;
  /** Leave the app badge alone. */
  ignoreIOSBadge?: boolean;
  androidSound?: string;
  androidFCMChannelID?: string;
  /** Vendor extras, passed to a webhook gateway as they are. */
  vendorParams?: Record<string, unknown>;
}

type Empty = Record<string, never>;

export interface PushOps {
  /** The app went to the background: push to this instance even while it stays connected. */
  doBackground: { request: { unreadCount?: number }; reply: Empty };
  /** The app is in the foreground again: messages arrive over the connection only. */
  doForeground: { request: Empty; reply: Empty };
}
