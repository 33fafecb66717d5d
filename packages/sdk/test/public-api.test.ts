/**
 * The public surface, checked twice: the names `@parley/sdk` exports at runtime, and the types of
 * the contract's calls (contracts.md §3). The type assertions run under `tsc -p packages/sdk/test`.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  ImSDK,
  V2TimCallback,
  V2TimConversationResult,
  V2TimLoginResult,
  V2TimLoginStatus,
  V2TimSDKListener,
  V2TimValueCallback,
} from '../src/index.js';
import * as sdk from '../src/index.js';
import * as nodeEntry from '../src/node.js';

describe('@parley/sdk exports', () => {
  it('exports exactly the documented runtime names, from both entries', () => {
    const names = [
      'AT_ALL_TAG',
      'ErrorCode',
      'GroupAtType',
      'ImSDK',
      'ImSDKPlugin',
      'KickReason',
      'MessagePriority',
      'V2TIMConversationManager',
      'V2TIMFriendshipManager',
      'V2TIMGroupManager',
      'V2TIMManager',
      'V2TIMMessageManager',
      'V2TIMOfflinePushManager',
      'V2TIMSignalingManager',
      'V2TimConversationType',
      'V2TimElemType',
      'V2TimFriendAllowType',
      'V2TimFriendApplicationType',
      'V2TimFriendRelation',
      'V2TimFriendResponseType',
      'V2TimFriendType',
      'V2TimGroupAddOpt',
      'V2TimGroupApplicationType',
      'V2TimGroupInfoChangeType',
      'V2TimGroupMemberFilter',
      'V2TimGroupMemberResult',
      'V2TimGroupMemberRole',
      'V2TimGroupTipsType',
      'V2TimHistoryMessageGetType',
      'V2TimMessageStatus',
      'V2TimLogLevel',
      'V2TimLoginStatus',
      'V2TimNetState',
      'V2TimPlatform',
      'V2TimReceiveMessageOpt',
      'V2TimSDKEvent',
      'V2TimSignalingActionType',
      'V2TimUserStatusType',
      'createImSDKPlugin',
      'setDefaultWebSocket',
    ];
    expect(Object.keys(sdk).sort()).toEqual(names.sort());
    expect(Object.keys(nodeEntry).sort()).toEqual(names.sort());
  });

  it('keeps the V2TIM user status numbers', () => {
    expect(sdk.V2TimUserStatusType).toEqual({
      V2TIM_USER_STATUS_UNKNOWN: 0,
      V2TIM_USER_STATUS_ONLINE: 1,
      V2TIM_USER_STATUS_OFFLINE: 2,
      V2TIM_USER_STATUS_UNLOGINED: 3,
    });
  });

  it('keeps the V2TIM status numbers', () => {
    expect(sdk.V2TimLoginStatus).toEqual({
      V2TIM_STATUS_LOGINED: 1,
      V2TIM_STATUS_LOGINING: 2,
      V2TIM_STATUS_LOGOUT: 3,
    });
  });

  it('types the contract calls', () => {
    const m = sdk.createImSDKPlugin().v2TIMManager;
    expectTypeOf(sdk.createImSDKPlugin).returns.toEqualTypeOf<ImSDK>();
    expectTypeOf(m.login).parameters.toEqualTypeOf<[string, string]>();
    expectTypeOf(m.login).returns.resolves.toEqualTypeOf<V2TimValueCallback<V2TimLoginResult>>();
    expectTypeOf(m.logout).returns.resolves.toEqualTypeOf<V2TimCallback>();
    expectTypeOf(m.getLoginUser).returns.resolves.toEqualTypeOf<V2TimValueCallback<string>>();
    expectTypeOf(m.getLoginStatus).returns.resolves.toEqualTypeOf<V2TimValueCallback<V2TimLoginStatus>>();
    expectTypeOf(m.getServerTime).returns.resolves.toEqualTypeOf<V2TimValueCallback<number>>();
    expectTypeOf(m.addSDKListener).parameter(0).toEqualTypeOf<V2TimSDKListener>();
    expectTypeOf(m.getConversationManager().getConversationList).returns.resolves.toEqualTypeOf<
      V2TimValueCallback<V2TimConversationResult>
    >();
    expectTypeOf<V2TimLoginStatus>().toEqualTypeOf<1 | 2 | 3>();
    expectTypeOf<sdk.V2TimPlatform>().toEqualTypeOf<
      'web' | 'android' | 'iphone' | 'ipad' | 'windows' | 'mac' | 'linux'
    >();
    expectTypeOf<sdk.V2TimSDKEventMap['kickedOut']['type']>().toEqualTypeOf<
      'multipleDevice' | 'multipleAccount' | 'REST_API_Kick' | 'deviceSignOut' | 'userSigExpired'
    >();
  });
});
