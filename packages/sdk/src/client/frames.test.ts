import { describe, expect, it } from 'vitest';
import { messageText, readServerFrame } from './frames.js';

describe('readServerFrame', () => {
  it('reads a reply, keeping data', () => {
    expect(readServerFrame('{"id":3,"code":0,"desc":"","data":{"serverTime":5}}')).toEqual({
      kind: 'reply',
      frame: { id: 3, code: 0, desc: '', data: { serverTime: 5 } },
    });
  });

  it('reads a push, with empty data when missing', () => {
    expect(readServerFrame('{"push":"kicked","data":{"reason":"multipleDevice"}}')).toEqual({
      kind: 'push',
      frame: { push: 'kicked', data: { reason: 'multipleDevice' } },
    });
    expect(readServerFrame('{"push":"userSigExpired"}')).toEqual({
      kind: 'push',
      frame: { push: 'userSigExpired', data: {} },
    });
  });

  it('fills a missing desc with an empty string', () => {
    expect(readServerFrame('{"id":1,"code":6014}')).toEqual({
      kind: 'reply',
      frame: { id: 1, code: 6014, desc: '' },
    });
  });

  it.each(['', 'not json', '[]', 'null', '42', '{"id":"1","code":0}', '{"id":1}', '{"code":0}'])(
    'ignores %j',
    (text) => {
      expect(readServerFrame(text)).toBeUndefined();
    },
  );
});

describe('messageText', () => {
  it('passes text through and decodes UTF-8 bytes', () => {
    expect(messageText('{"a":1}')).toBe('{"a":1}');
    expect(messageText(new TextEncoder().encode('héllo'))).toBe('héllo');
    expect(messageText(new TextEncoder().encode('ok').buffer)).toBe('ok');
    expect(messageText(42)).toBeUndefined();
  });
});
