import type { MessageElem } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { bodyNeedsReceipt, decodeBody, encodeBody, replaceBodyElems } from './body.js';

const elems: MessageElem[] = [{ elemType: 1, text: '{not a receipt}' }];

describe('stored message bodies', () => {
  it('keeps a message without receipts as the bare element list it always was', () => {
    const body = encodeBody(elems);
    expect(body).toBe(JSON.stringify(elems));
    expect(bodyNeedsReceipt(body)).toBe(false);
    expect(decodeBody(body)).toEqual({ elemList: elems });
  });

  it('wraps a message with receipts with its audience, and an edit keeps both', () => {
    const body = encodeBody(elems, 199);
    expect(bodyNeedsReceipt(body)).toBe(true);
    expect(decodeBody(body)).toEqual({ elemList: elems, audience: 199 });
    const edited: MessageElem[] = [{ elemType: 1, text: 'edited' }];
    expect(decodeBody(replaceBodyElems(body, edited))).toEqual({ elemList: edited, audience: 199 });
    expect(decodeBody(replaceBodyElems(encodeBody(elems), edited))).toEqual({ elemList: edited });
  });
});
