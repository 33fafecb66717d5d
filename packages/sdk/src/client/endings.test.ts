import { ErrorCode } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { closeEnding, isNetworkFailure, pushEnding, resumeEnding } from './endings.js';

const expired = { kind: 'userSigExpired' };
const kicked = (kickReason: string) => ({ kind: 'kicked', kickReason });

describe('closeEnding', () => {
  it.each([
    [4001, kicked('multipleDevice')],
    [4002, expired],
    [4003, kicked('REST_API_Kick')],
    [4499, kicked('REST_API_Kick')],
    [1000, undefined],
    [1006, undefined],
    [1012, undefined],
    [4500, undefined],
    [4501, undefined],
  ])('close %i → %j', (code, ending) => {
    expect(closeEnding(code)).toEqual(ending);
  });
});

describe('pushEnding', () => {
  it.each([
    ['kicked', { reason: 'multipleDevice', byPlatform: 'android' }, kicked('multipleDevice')],
    ['kicked', { reason: 'multipleAccount' }, kicked('multipleAccount')],
    ['kicked', { reason: 'REST_API_Kick' }, kicked('REST_API_Kick')],
    ['kicked', { reason: 'userSigExpired' }, expired],
    ['kicked', { reason: 'something new' }, kicked('multipleDevice')],
    ['kicked', {}, kicked('multipleDevice')],
    ['userSigExpired', {}, expired],
    ['newMessage', {}, undefined],
  ])('push %s %j → %j', (push, data, ending) => {
    expect(pushEnding({ push, data })).toEqual(ending);
  });
});

describe('resumeEnding', () => {
  it.each([
    [ErrorCode.ERR_LOGIN_KICKED_OFF_BY_OTHER, kicked('multipleDevice')],
    [ErrorCode.ERR_USERSIG_REVOKED, kicked('REST_API_Kick')],
    [ErrorCode.ERR_USERSIG_EXPIRED, expired],
    [ErrorCode.ERR_LOGIN_LOCKED, undefined],
    [ErrorCode.ERR_INTERNAL, undefined],
    [ErrorCode.ERR_USERSIG_SIGNATURE_MISMATCH, undefined],
  ])('refusal %i → %j', (code, ending) => {
    expect(resumeEnding(code)).toEqual(ending);
  });
});

describe('isNetworkFailure', () => {
  it('is true for 9508, 9510 and 9520 only', () => {
    expect([9508, 9510, 9520, 70001, 6014, 0].map(isNetworkFailure)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
