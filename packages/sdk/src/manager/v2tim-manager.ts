import {
  ErrorCode,
  type FriendPushes,
  type GroupEventPush,
  isValidUserID,
  type SignalingPushes,
  type StatusPushes,
} from '@parley/protocol';
import { readInitOptions } from '../client/config.js';
import { createLog, type Log, silentLog } from '../client/log.js';
import { Messaging } from '../client/messaging.js';
import { Notifier } from '../client/notify.js';
import { fail, ok } from '../client/results.js';
import { Session } from '../client/session.js';
import { StateMachine } from '../client/state.js';
import { isExpired, peekTicket } from '../client/ticket.js';
import type { EventHub } from '../events.js';
import type { V2TimCreateGroupParams, V2TimGroupListener } from '../group-types.js';
import type { ListenerArgument } from '../message-types.js';
import type {
  InitSDKOptions,
  V2TimCallback,
  V2TimLoginResult,
  V2TimLoginStatus,
  V2TimOnlineDevice,
  V2TimSDKListener,
  V2TimUserFullInfo,
  V2TimUserSearchParam,
  V2TimUserSearchResult,
  V2TimUserStatus,
  V2TimValueCallback,
} from '../types.js';
import { type ManagerContext, requireLogin } from './context.js';
import { V2TIMConversationManager } from './conversation-manager.js';
import { V2TIMFriendshipManager } from './friendship-manager.js';
import { V2TIMGroupManager } from './group-manager.js';
import { MessageExtrasCalls } from './message-extras-calls.js';
import { V2TIMMessageManager } from './message-manager.js';
import { V2TIMOfflinePushManager } from './offline-push-manager.js';
import { V2TIMSignalingManager } from './signaling-manager.js';
import { StatusCalls, toUserStatus } from './status-calls.js';
import { UserCalls } from './user-calls.js';

type Lifecycle = 'uninitialized' | 'initialized' | 'uninitializing';

/**
 * The login half of the V2TIM API (`V2TIMManager`): init, login, logout, status and listeners. Every
 * method resolves a result object `{ code, desc, data? }` and never rejects for an API error; before
 * `initSDK` and after `unInitSDK` every method answers 6013.
 */
export class V2TIMManager {
  private lifecycle: Lifecycle = 'uninitialized';
  private session: Session | undefined;
  private log: Log = silentLog;
  private readonly state = new StateMachine();
  private readonly notifier: Notifier;
  private readonly conversationManager: V2TIMConversationManager;
  private readonly messageManager: V2TIMMessageManager;
  private readonly messaging: Messaging;
  private readonly offlinePushManager: V2TIMOfflinePushManager;
  private readonly groupManager: V2TIMGroupManager;
  private readonly statusCalls: StatusCalls;
  private readonly friendshipManager: V2TIMFriendshipManager;
  private readonly signalingManager: V2TIMSignalingManager;
  private readonly users: UserCalls;
  private readonly context: ManagerContext;

  /** @internal Use `createImSDKPlugin()`. */
  constructor(events: EventHub) {
    this.notifier = new Notifier(events, () => this.log);
    events.onError = (error, name) => this.log.error(`handler of ${name} threw: ${String(error)}`);
    this.state.observe(this.notifier.onTransition);
    this.context = { session: () => this.initialized(), state: this.state };
    this.messaging = new Messaging(this.context, () => this.log);
    this.conversationManager = new V2TIMConversationManager(this.context, this.messaging);
    this.users = new UserCalls(this.context, this.notifier, this.messaging);
    this.messageManager = new V2TIMMessageManager(this.context, this.messaging, this.users);
    this.offlinePushManager = new V2TIMOfflinePushManager(this.context);
    this.statusCalls = new StatusCalls(this.context);
    this.groupManager = new V2TIMGroupManager(this.context, (name, error) =>
      this.log.error(`handler of ${name} threw: ${String(error)}`),
    );
    this.friendshipManager = new V2TIMFriendshipManager(this.context, (name, error) =>
      this.log.error(`handler of ${name} threw: ${String(error)}`),
    );
    this.signalingManager = new V2TIMSignalingManager(this.context, (name, error) =>
      this.log.error(`handler of ${name} threw: ${String(error)}`),
    );
  }

  /**
   * Initializes the SDK; call once before anything else. Calling it again while initialized succeeds
   * and changes nothing but adding `options.listener`; 6015 while `unInitSDK` is still running; 6017
   * with the option named in `desc` when an option is wrong. Throws a TypeError only when `options`
   * is not an object.
   */
  async initSDK(options: InitSDKOptions): Promise<V2TimCallback> {
    if (typeof options !== 'object' || options === null)
      throw new TypeError('initSDK needs an options object');
    if (this.lifecycle === 'uninitializing')
      return fail(ErrorCode.ERR_IN_PROGESS, 'unInitSDK is still running');
    if (this.lifecycle === 'initialized') {
      if (options.listener) this.notifier.listeners.add(options.listener);
      return ok();
    }
    const read = readInitOptions(options);
    if (!read.ok) return fail(ErrorCode.ERR_INVALID_PARAMETERS, read.desc);
    this.log = createLog(read.config.loglevel);
    this.session = new Session(read.config, this.state, this.log);
    this.session.onAppPush = (push) => {
      // The server's push data is its documented type.
      if (push.push === 'groupEvent') this.groupManager.onGroupEvent(push.data as unknown as GroupEventPush);
      else if (push.push === 'userStatusChanged') {
        const { statusList } = push.data as unknown as StatusPushes['userStatusChanged'];
        this.notifier.userStatusChanged(statusList.map(toUserStatus));
      } else if (push.push === 'friendEvent')
        this.friendshipManager.onFriendEvent((push.data as unknown as FriendPushes['friendEvent']).event);
      else if (push.push === 'signaling')
        this.signalingManager.onEvent((push.data as unknown as SignalingPushes['signaling']).event);
      else if (this.users.handles(push.push)) this.users.onPush(push.push, push.data as never);
      else if (MessageExtrasCalls.handles(push.push))
        this.messageManager.extras.onPush(push.push, push.data as never);
      else this.messaging.onPush(push);
    };
    this.lifecycle = 'initialized';
    if (read.config.listener) this.notifier.listeners.add(read.config.listener);
    this.log.info(`initialized for SDKAppID ${read.config.sdkAppID} at ${read.config.addresses.join(', ')}`);
    return ok();
  }

  /**
   * Releases the SDK: removes the SDK listeners first (no callback fires for the teardown), answers a
   * running login with 7009, logs a logged-in instance out and closes the connection. Afterwards
   * every call answers 6013 until `initSDK`. Succeeds when not initialized.
   */
  async unInitSDK(): Promise<V2TimCallback> {
    const session = this.session;
    if (this.lifecycle !== 'initialized' || !session) return ok();
    this.lifecycle = 'uninitializing';
    this.notifier.listeners.clear();
    try {
      await session.shutdown();
    } finally {
      this.session = undefined;
      this.lifecycle = 'uninitialized';
      this.log = silentLog;
      // The caches belong to this initialization; the message and conversation listeners stay.
      this.messaging.reset();
    }
    return ok();
  }

  /**
   * Logs in as `userID` with the ticket `userSig`. Resolves `{ code: 0 }` once logged in, or the
   * reason it is not: 7003 bad UserID, 6017 empty ticket, 6206 ticket already expired (checked here,
   * nothing is sent), the server's code (70001, 70009, 6208, …), 9508/9510 when no server answered,
   * 7501 while another login runs (the same UserID and ticket share the running login's result),
   * 6023 when `logout` interrupts it, 7009 when `unInitSDK` does. The same user while logged in
   * succeeds at once with `data.repeatLogin = true`; another user is switched to (the current one is
   * logged out first).
   */
  async login(userID: string, userSig: string): Promise<V2TimValueCallback<V2TimLoginResult>> {
    const session = this.initialized();
    if (!session) return fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    if (!isValidUserID(userID)) return fail(ErrorCode.ERR_SDK_COMM_INVALID_IDENTIFIER);
    if (typeof userSig !== 'string' || userSig.length === 0) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'userSig must be a non-empty ticket');
    }
    const ticket = peekTicket(userSig);
    if (ticket && isExpired(ticket.expireAt, session.clock.now()))
      return fail(ErrorCode.ERR_USER_SIG_EXPIRED);
    return session.login(userID, userSig);
  }

  /**
   * Logs out: tells the server, closes the connection, status LOGOUT. Succeeds when not logged in;
   * 7502 while a logout runs; a login still running answers 6023.
   */
  async logout(): Promise<V2TimCallback> {
    const session = this.initialized();
    if (!session) return fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    return session.logout();
  }

  /** The logged-in UserID; `''` when not logged in, after a failed login and after logout. */
  async getLoginUser(): Promise<V2TimValueCallback<string>> {
    const session = this.initialized();
    if (!session) return fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    return ok(session.loginUser);
  }

  /** The login status: 1 logged in, 2 logging in, 3 not logged in (`V2TimLoginStatus`). */
  async getLoginStatus(): Promise<V2TimValueCallback<V2TimLoginStatus>> {
    if (!this.initialized()) return fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    return ok(this.state.login);
  }

  /**
   * The server's clock in Unix seconds, estimated from the last login or ping reply (the local
   * clock until one has been seen).
   */
  async getServerTime(): Promise<V2TimValueCallback<number>> {
    const session = this.initialized();
    if (!session) return fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    return ok(Math.floor(session.clock.now() / 1000));
  }

  /** Adds an SDK listener (adding the same object twice keeps one). */
  async addSDKListener(listener: V2TimSDKListener): Promise<V2TimCallback> {
    if (!this.initialized()) return fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    if (typeof listener !== 'object' || listener === null) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'listener must be an object of callbacks');
    }
    this.notifier.listeners.add(listener);
    return ok();
  }

  /** Removes one SDK listener, or all of them when called without one. */
  async removeSDKListener(listener?: V2TimSDKListener): Promise<V2TimCallback> {
    if (!this.initialized()) return fail(ErrorCode.ERR_SDK_NOT_INITIALIZED);
    if (listener === undefined) this.notifier.listeners.clear();
    else this.notifier.listeners.delete(listener);
    return ok();
  }

  /**
   * The current user's logged-in instances (devices), this one included, oldest login first.
   * Beyond the original V2TIM API: lets an app show "where you are signed in". 6014 unless logged in.
   */
  async getOnlineDevices(): Promise<V2TimValueCallback<V2TimOnlineDevice[]>> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    const result = await this.session!.request('getOnlineDevices', {});
    if (result.code !== 0 || !result.data) return { code: result.code, desc: result.desc };
    return ok(result.data.devices);
  }

  /**
   * Signs out another instance of the current user: it gets `onKickedOffline` and cannot resume.
   * 6017 for this instance itself (use `logout`) or an instance that is not online.
   */
  async kickOnlineDevice(instanceID: string): Promise<V2TimCallback> {
    const refused = requireLogin(this.context);
    if (refused) return refused;
    if (typeof instanceID !== 'string' || instanceID.length === 0) {
      return fail(ErrorCode.ERR_INVALID_PARAMETERS, 'instanceID must be a non-empty string');
    }
    const result = await this.session!.request('kickDevice', { instanceID });
    return result.code === 0 ? ok() : result;
  }

  /**
   * `V2TIMManager.getUserStatus`: the status of any users of the app, this user included (a UserID
   * that never logged in is 3, not logged in). Up to 500 UserIDs.
   */
  getUserStatus(params: { userIDList: string[] }): Promise<V2TimValueCallback<V2TimUserStatus[]>> {
    return this.statusCalls.getUserStatus(params);
  }

  /**
   * `V2TIMManager.setSelfStatus`: sets this user's custom status (at most 100 bytes of UTF-8; `''`
   * clears it). Subscribers and this user's other devices get `onUserStatusChanged`.
   */
  setSelfStatus(params: { status: { customStatus?: string } }): Promise<V2TimCallback> {
    return this.statusCalls.setSelfStatus(params);
  }

  /**
   * `V2TIMManager.subscribeUserStatus`: this user (on every device, across logins) gets
   * `onUserStatusChanged` when these users log in, go offline or change their custom status. At most
   * 200 subscriptions: subscribing past that drops the oldest. 6017 for this user's own UserID.
   */
  subscribeUserStatus(params: { userIDList: string[] }): Promise<V2TimCallback> {
    return this.statusCalls.subscribeUserStatus(params);
  }

  /** `V2TIMManager.unsubscribeUserStatus`: drops these subscriptions, or all when the list is empty or absent. */
  unsubscribeUserStatus(params: { userIDList?: string[] } = {}): Promise<V2TimCallback> {
    return this.statusCalls.unsubscribeUserStatus(params);
  }

  /** Profiles of users (`V2TIMManager.getUsersInfo`); unknown UserIDs are left out. */
  getUsersInfo(params: { userIDList: string[] }): Promise<V2TimValueCallback<V2TimUserFullInfo[]>> {
    return this.users.getUsersInfo(params);
  }

  /** Changes the user's own profile; `onSelfInfoUpdated` fires on every device of the user. */
  setSelfInfo(params: { userFullInfo: Partial<V2TimUserFullInfo> }): Promise<V2TimCallback> {
    return this.users.setSelfInfo(params);
  }

  /** Users of the app whose UserID or nickname contain the keywords, a page at a time. */
  searchUsers(params: {
    searchParam: V2TimUserSearchParam;
  }): Promise<V2TimValueCallback<V2TimUserSearchResult>> {
    return this.users.searchUsers(params);
  }

  /** Watches users' profiles: changes arrive by `onUserInfoChanged` (at most 200, oldest evicted). */
  subscribeUserInfo(params: { userIDList: string[] }): Promise<V2TimCallback> {
    return this.users.subscribeUserInfo(params);
  }

  /** Stops watching these users' profiles, or everyone's without a list. */
  unsubscribeUserInfo(params?: { userIDList?: string[] }): Promise<V2TimCallback> {
    return this.users.unsubscribeUserInfo(params);
  }

  /** The offline push manager (push token registration). */
  /** Groups: members, roles, applications, attributes, counters (`V2TIMGroupManager`). */
  getGroupManager(): V2TIMGroupManager {
    return this.groupManager;
  }

  /** Friends, friend requests, friend groups and the blocklist (`V2TIMFriendshipManager`). */
  getFriendshipManager(): V2TIMFriendshipManager {
    return this.friendshipManager;
  }

  /** `V2TIMManager.createGroup`: the same as `getGroupManager().createGroup`. */
  createGroup(params: V2TimCreateGroupParams): Promise<V2TimValueCallback<string>> {
    return this.groupManager.createGroup(params);
  }

  /** `V2TIMManager.joinGroup`. */
  joinGroup(params: { groupID: string; message?: string; groupType?: string }): Promise<V2TimCallback> {
    return this.groupManager.joinGroup(params);
  }

  /** `V2TIMManager.quitGroup`. */
  quitGroup(params: { groupID: string }): Promise<V2TimCallback> {
    return this.groupManager.quitGroup(params);
  }

  /** `V2TIMManager.dismissGroup`. */
  dismissGroup(params: { groupID: string }): Promise<V2TimCallback> {
    return this.groupManager.dismissGroup(params);
  }

  /** `V2TIMManager.addGroupListener`. */
  addGroupListener(listener: ListenerArgument<V2TimGroupListener>): Promise<V2TimCallback> {
    return this.groupManager.addGroupListener(listener);
  }

  /** `V2TIMManager.removeGroupListener`. */
  removeGroupListener(listener?: ListenerArgument<V2TimGroupListener>): Promise<V2TimCallback> {
    return this.groupManager.removeGroupListener(listener);
  }

  /** Call invitations and their answers (`V2TIMSignalingManager`). */
  getSignalingManager(): V2TIMSignalingManager {
    return this.signalingManager;
  }

  getOfflinePushManager(): V2TIMOfflinePushManager {
    return this.offlinePushManager;
  }

  /** The conversation manager; its calls check init and login themselves. */
  getConversationManager(): V2TIMConversationManager {
    return this.conversationManager;
  }

  /** The message manager; its calls check init and login themselves. */
  getMessageManager(): V2TIMMessageManager {
    return this.messageManager;
  }

  private initialized(): Session | undefined {
    return this.lifecycle === 'initialized' ? this.session : undefined;
  }
}
