/**
 * One logged-in SDK client for the page: init against this same server, login, and the three things
 * the header shows (online / connecting / offline) and the two endings that need a banner (kicked,
 * ticket expired).
 */
import { createImSDKPlugin, type ImSDK, V2TimLogLevel, V2TimNetState } from '@parley/sdk';

export type NetStatus = 'online' | 'connecting' | 'offline';
export type Ending = 'kicked' | 'expired';

export interface ConnectionEvents {
  onStatus(status: NetStatus): void;
  onEnded(ending: Ending): void;
}

export interface LoginRequest {
  sdkAppID: number;
  userID: string;
  userSig: string;
}

export type LoginOutcome = { ok: true; im: ImSDK } | { ok: false; code: number; desc: string };

/** The WebSocket address of the server that served this page (same host, ws or wss as the page). */
export function serverAddress(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

/**
 * Creates a fresh client and logs in. A new client per login keeps one tab's sessions apart: after a
 * kick the old instance is finished and a new login must not inherit its state.
 */
export async function connect(request: LoginRequest, events: ConnectionEvents): Promise<LoginOutcome> {
  const im = createImSDKPlugin();
  im.on('netStateChange', ({ data }) => {
    events.onStatus(
      data.state === V2TimNetState.CONNECTED
        ? 'online'
        : data.state === V2TimNetState.CONNECTING
          ? 'connecting'
          : 'offline',
    );
  });
  const init = await im.v2TIMManager.initSDK({
    sdkAppID: request.sdkAppID,
    serverAddr: serverAddress(window.location),
    platform: 'web',
    loglevel: V2TimLogLevel.V2TIM_LOG_WARN,
    listener: {
      onKickedOffline: () => events.onEnded('kicked'),
      onUserSigExpired: () => events.onEnded('expired'),
    },
  });
  if (init.code !== 0) return { ok: false, code: init.code, desc: init.desc };
  const login = await im.v2TIMManager.login(request.userID, request.userSig);
  if (login.code !== 0) {
    await im.v2TIMManager.unInitSDK();
    return { ok: false, code: login.code, desc: login.desc };
  }
  return { ok: true, im };
}

/** Logs out and releases the client; safe after a kick (the SDK answers at once then). */
export async function disconnect(im: ImSDK): Promise<void> {
  await im.v2TIMManager.logout();
  await im.v2TIMManager.unInitSDK();
}
