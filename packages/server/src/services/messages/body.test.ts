import { ElemType } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { fromRestBody, isBodyTooLarge, messageBodyBytes, toRestBody } from './body.js';

describe('message body', () => {
  it('counts the UTF-8 bytes of every element string and of cloudCustomData', () => {
    expect(messageBodyBytes([{ elemType: ElemType.TEXT, text: 'héllo' }], '')).toBe(6);
    expect(
      messageBodyBytes([{ elemType: ElemType.CUSTOM, data: 'ab', desc: 'c', extension: 'de' }], '{}'),
    ).toBe(7);
  });

  it('allows exactly 12 KB and no more when no limit is given', () => {
    expect(isBodyTooLarge([{ elemType: ElemType.TEXT, text: 'x'.repeat(12_288) }], '')).toBe(false);
    expect(isBodyTooLarge([{ elemType: ElemType.TEXT, text: 'x'.repeat(12_288) }], 'y')).toBe(true);
  });

  it.each([
    [1, 1, 0, false],
    [1, 1, 1, true],
    [1024, 1024, 0, false],
    [1024, 1000, 25, true],
    [65_536, 65_000, 536, false],
    [65_536, 65_536, 1, true],
  ])(
    'with a limit of %i bytes, %i text and %i custom data bytes are too large: %s',
    (limit, text, custom, tooLarge) => {
      const elemList = [{ elemType: ElemType.TEXT, text: 'x'.repeat(text) }] as const;
      expect(isBodyTooLarge(elemList, 'y'.repeat(custom), limit)).toBe(tooLarge);
    },
  );

  it('maps REST MsgBody elements both ways', () => {
    const rest = [
      { MsgType: 'TIMTextElem' as const, MsgContent: { Text: 'hi' } },
      { MsgType: 'TIMCustomElem' as const, MsgContent: { Data: 'd', Desc: 'x', Ext: 'e' } },
    ];
    const elems = fromRestBody(rest);
    expect(elems).toEqual([
      { elemType: ElemType.TEXT, text: 'hi' },
      { elemType: ElemType.CUSTOM, data: 'd', desc: 'x', extension: 'e' },
    ]);
    expect(toRestBody(elems)).toEqual(rest);
  });
});
