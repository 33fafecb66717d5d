/**
 * The SDK's own reconnect backoff (`Reconnect` in packages/sdk/src/client/reconnect.ts), so the
 * reconnect storm's clients wait exactly as an app's would, and a change to the SDK's timing shows in
 * the next run instead of drifting from a copy. The SDK exports it only internally, and its package
 * exports just its entry, so the built module is loaded from beside the entry Node resolves. The type
 * comes from the source: if the module moves or its API changes, `tsc -b` fails, not the run.
 */
import type * as SdkReconnect from '../../packages/sdk/src/client/reconnect.js';

/** dist/node.js (the Node entry); the reconnect module sits in dist/client/ beside it. */
const RECONNECT_MODULE = new URL('./client/reconnect.js', import.meta.resolve('@parley/sdk')).href;

let loading: Promise<typeof SdkReconnect> | undefined;

/** The SDK's reconnect module, loaded once per process. */
export function sdkReconnect(): Promise<typeof SdkReconnect> {
  loading ??= import(RECONNECT_MODULE) as Promise<typeof SdkReconnect>;
  return loading;
}
