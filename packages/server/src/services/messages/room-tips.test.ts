import { type GroupTipsElem, GroupTipsType } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_NAMED, RoomTipsGatherer } from './room-tips.js';

const tip = (type: GroupTipsType, userID: string, memberCount: number, groupID = 'room'): GroupTipsElem => ({
  elemType: 9,
  groupID,
  type,
  opMember: userID,
  memberList: [userID],
  memberCount,
});

describe('RoomTipsGatherer', () => {
  let told: { sdkAppID: number; tips: GroupTipsElem }[];
  let gatherer: RoomTipsGatherer;
  beforeEach(() => {
    vi.useFakeTimers();
    told = [];
    gatherer = new RoomTipsGatherer((sdkAppID, tips) => told.push({ sdkAppID, tips }), 1_000);
  });
  afterEach(() => vi.useRealTimers());

  it('tells the first join at once and the ones of its window together when the window ends', () => {
    expect(gatherer.gather(1, tip(GroupTipsType.JOIN, 'a', 2))).toBe(true);
    expect(told.map((t) => t.tips.memberList)).toEqual([['a']]);
    gatherer.gather(1, tip(GroupTipsType.JOIN, 'b', 3));
    gatherer.gather(1, tip(GroupTipsType.JOIN, 'c', 4));
    expect(told).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(told.map((t) => [t.sdkAppID, t.tips.memberList, t.tips.memberCount])).toEqual([
      [1, ['a'], 2],
      [1, ['b', 'c'], 4],
    ]);
    // A window that gathered something opens the next; a quiet one closes, and the next join is told at once.
    vi.advanceTimersByTime(1_000);
    gatherer.gather(1, tip(GroupTipsType.JOIN, 'd', 5));
    expect(told.map((t) => t.tips.memberList)).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('keeps joins, quits, rooms and apps apart, and leaves every other tip to the caller', () => {
    gatherer.gather(1, tip(GroupTipsType.JOIN, 'a', 2));
    gatherer.gather(1, tip(GroupTipsType.QUIT, 'b', 1));
    gatherer.gather(1, tip(GroupTipsType.JOIN, 'c', 2, 'other'));
    gatherer.gather(2, tip(GroupTipsType.JOIN, 'd', 2));
    expect(told).toHaveLength(4);
    expect(gatherer.gather(1, tip(GroupTipsType.KICKED, 'e', 1))).toBe(false);
    expect(gatherer.gather(1, tip(GroupTipsType.GROUP_INFO_CHANGE, 'e', 1))).toBe(false);
    expect(told).toHaveLength(4);
  });

  it(`names at most ${MAX_NAMED} members in a gathered tip but counts them all`, () => {
    gatherer.gather(1, tip(GroupTipsType.JOIN, 'first', 2));
    for (let i = 0; i < MAX_NAMED + 50; i++) gatherer.gather(1, tip(GroupTipsType.JOIN, `u${i}`, i + 3));
    vi.advanceTimersByTime(1_000);
    const last = told.at(-1)?.tips;
    expect(last?.memberList).toHaveLength(MAX_NAMED);
    expect(last?.memberList[0]).toBe('u0');
    expect(last?.memberCount).toBe(MAX_NAMED + 52);
  });
});
