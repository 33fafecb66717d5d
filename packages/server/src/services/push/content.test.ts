import { ElemType } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { notificationText, summarize } from './content.js';
import { inQuietHours } from './quiet-hours.js';

describe('notification text', () => {
  it('summarizes text, a custom desc and media placeholders; a bare custom element says nothing', () => {
    expect(summarize([{ elemType: ElemType.TEXT, text: 'hi' }])).toBe('hi');
    expect(summarize([{ elemType: ElemType.CUSTOM, data: '{}', desc: 'Order shipped' }])).toBe(
      'Order shipped',
    );
    expect(summarize([{ elemType: ElemType.CUSTOM, data: '{}' }])).toBe('');
    expect(summarize([{ elemType: 3 } as never])).toBe('[Image]');
    expect(summarize([{ elemType: ElemType.TEXT, text: 'x'.repeat(500) }])).toHaveLength(200);
  });

  it('titles one-to-one pushes with the sender, group pushes with the group; offlinePushInfo wins', () => {
    const text = [{ elemType: ElemType.TEXT as 1, text: 'hello' }];
    expect(notificationText(text, undefined, { senderName: 'Ann' })).toEqual({ title: 'Ann', body: 'hello' });
    expect(notificationText(text, undefined, { senderName: 'Ann', groupName: 'Team' })).toEqual({
      title: 'Team',
      body: 'Ann: hello',
    });
    expect(
      notificationText(text, { title: 'T', desc: 'D' }, { senderName: 'Ann', groupName: 'Team' }),
    ).toEqual({
      title: 'T',
      body: 'D',
    });
    expect(
      notificationText([{ elemType: ElemType.CUSTOM, data: '' }], undefined, { senderName: 'Ann' }),
    ).toBeUndefined();
  });
});

describe('quiet hours', () => {
  const base = {
    allReceiveMessageOpt: 2 as const,
    startHour: 0,
    startMinute: 0,
    startSecond: 0,
    startTimeStamp: 0,
  };
  const at = (h: number) => Date.UTC(2026, 0, 5, h);

  it('repeats a window shorter than a day daily from its time of day (UTC), across midnight too', () => {
    const night = { ...base, startHour: 22, duration: 8 * 3600 };
    expect(inQuietHours(night, at(23))).toBe(true);
    expect(inQuietHours(night, at(5))).toBe(true);
    expect(inQuietHours(night, at(7))).toBe(false);
  });

  it('lasts from the start with a day or more, or from a timestamp; option 0 is never quiet', () => {
    expect(inQuietHours({ ...base, duration: 86_400 }, at(12))).toBe(true);
    const start = at(10) / 1000;
    expect(inQuietHours({ ...base, startTimeStamp: start, duration: 3600 }, at(9))).toBe(false);
    expect(inQuietHours({ ...base, startTimeStamp: start, duration: 3600 }, at(10) + 60_000)).toBe(true);
    expect(inQuietHours({ ...base, startTimeStamp: start, duration: 3600 }, at(12))).toBe(false);
    expect(inQuietHours({ ...base, allReceiveMessageOpt: 0, duration: 86_400 }, at(12))).toBe(false);
    expect(inQuietHours(undefined, at(12))).toBe(false);
  });
});
