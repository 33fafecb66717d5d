import { EventHub, type V2TimSDKEventHandler, type V2TimSDKEventName } from './events.js';
import { V2TIMManager } from './manager/v2tim-manager.js';

/**
 * One SDK client: `v2TIMManager` (the V2TIM API) plus web-style events. Create independent clients
 * with `createImSDKPlugin()`; `ImSDKPlugin` is a shared default one.
 */
export class ImSDK {
  /** The V2TIM API: initSDK, login, logout, listeners, and the feature managers. */
  readonly v2TIMManager: V2TIMManager;
  private readonly events: EventHub;

  /** @internal Use `createImSDKPlugin()`. */
  constructor() {
    this.events = new EventHub();
    this.v2TIMManager = new V2TIMManager(this.events);
  }

  /**
   * Adds a web-style event handler (`V2TimSDKEvent`: `sdkStateReady`, `sdkStateNotReady`,
   * `kickedOut`, `netStateChange`, `error`). The handler gets `{ name, data }`. Handlers stay across
   * `unInitSDK`/`initSDK`.
   */
  on<K extends V2TimSDKEventName>(name: K, handler: V2TimSDKEventHandler<K>): void {
    this.events.on(name, handler);
  }

  /** Removes a handler added with `on`, or every handler of `name` when none is given. */
  off<K extends V2TimSDKEventName>(name: K, handler?: V2TimSDKEventHandler<K>): void {
    this.events.off(name, handler);
  }
}

/** Creates an independent SDK client (tests, bots, several accounts in one process). */
export function createImSDKPlugin(): ImSDK {
  return new ImSDK();
}

/** The default shared SDK client, as `TencentImSDKPlugin` on React Native. */
export const ImSDKPlugin: ImSDK = createImSDKPlugin();
