import { CloseCode, KickReason } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { disconnectReasonForClose, stateChangeForKick } from './state-change-reasons.js';

describe('stateChangeForKick', () => {
  it.each([
    [KickReason.MULTIPLE_DEVICE, undefined],
    [KickReason.MULTIPLE_ACCOUNT, undefined],
    [KickReason.REST_API, { action: 'Logout', reason: 'Kicked' }],
    [KickReason.DEVICE_SIGN_OUT, { action: 'Logout', reason: 'Kicked' }],
    [KickReason.USERSIG_EXPIRED, { action: 'Logout', reason: 'UserSigExpired' }],
  ])('reports a %s kick as %o', (kick, expected) => {
    expect(stateChangeForKick(kick)).toEqual(expected);
  });

  it('has an answer for every kick reason there is', () => {
    for (const reason of Object.values(KickReason)) {
      expect(() => stateChangeForKick(reason)).not.toThrow();
    }
  });
});

describe('disconnectReasonForClose', () => {
  it.each([
    [CloseCode.HEARTBEAT_TIMEOUT, 'TimeOut'],
    [1000, 'LinkClose'],
    [1001, 'LinkClose'],
    [1006, 'LinkClose'],
    [CloseCode.SERVICE_RESTART, 'LinkClose'],
  ])('reports close code %i as %s', (code, reason) => {
    expect(disconnectReasonForClose(code)).toBe(reason);
  });
});
