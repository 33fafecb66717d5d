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

  it('allows exactly 12 KB and no more', () => {
    expect(isBodyTooLarge([{ elemType: ElemType.TEXT, text: 'x'.repeat(12_288) }], '')).toBe(false);
    expect(isBodyTooLarge([{ elemType: ElemType.TEXT, text: 'x'.repeat(12_288) }], 'y')).toBe(true);
  });

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
