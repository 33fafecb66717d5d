import { describe, expect, it } from 'vitest';
import { broadcastMsgID, deliveredMsgIDs, groupSendRequest, isBroadcastOf } from './group-wire.js';

describe('deliveredMsgIDs', () => {
  it('finds the message of a groupMessage push', () => {
    expect(
      deliveredMsgIDs({ push: 'groupMessage', data: { message: { msgID: 'work-parley_r0-1' } } }),
    ).toEqual(['work-parley_r0-1']);
  });

  it('finds messages carried as feed events or as a list', () => {
    const events = { events: [{ kind: 'message', message: { msgID: 'a' } }, { kind: 'peerRead' }] };
    expect(deliveredMsgIDs({ push: 'syncEvent', data: events })).toEqual(['a']);
    expect(deliveredMsgIDs({ push: 'x', data: { messages: [{ msgID: 'b' }, { msgID: 'c' }] } })).toEqual([
      'b',
      'c',
    ]);
  });

  it('finds nothing in pushes that carry no message', () => {
    expect(deliveredMsgIDs({ push: 'groupEvent', data: { groupID: 'g', memberList: ['u1'] } })).toEqual([]);
    expect(deliveredMsgIDs({ push: 'kicked' })).toEqual([]);
    expect(deliveredMsgIDs({ push: 'groupMessage', data: { message: { msgID: 7 } } })).toEqual([]);
  });
});

describe('groupSendRequest', () => {
  it('names the group and the msgID, with one text element', () => {
    expect(groupSendRequest('bench_work', 'm1')).toMatchObject({
      groupID: 'bench_work',
      msgID: 'm1',
      elemList: [{ elemType: 1, text: expect.any(String) }],
    });
  });
});

describe('broadcastMsgID', () => {
  it('makes msgIDs Parley accepts: letters, digits, _ and -, at most 64', () => {
    for (const set of ['work-parley', 'room-ws']) {
      for (const label of ['warm', 'r0-', 'prof']) {
        expect(broadcastMsgID(set, label, 9_999)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      }
    }
  });

  it("tells a set's broadcasts from other messages and from another set's", () => {
    const msgID = broadcastMsgID('room-parley', 'r1-', 3);
    expect(isBroadcastOf('room-parley', msgID)).toBe(true);
    expect(isBroadcastOf('room-ws', msgID)).toBe(false);
    expect(isBroadcastOf('room-parley', 'tips-0123abcd')).toBe(false);
  });
});
