/**
 * The message body: its size under the app's limit (12 KB by default), and the REST / callback form of its elements
 * (`MsgBody`, im-features.md §8, §9).
 */
import { ElemType, MAX_MESSAGE_BODY_BYTES, type MessageElem } from '@parley/protocol';
import { z } from 'zod';

/**
 * Bytes counted against the body size limit: the UTF-8 length of every string of every element (text,
 * custom data, desc, extension) plus `cloudCustomData`, which V2TIM counts as part of the message.
 */
export function messageBodyBytes(elemList: readonly MessageElem[], cloudCustomData: string): number {
  let bytes = Buffer.byteLength(cloudCustomData);
  for (const elem of elemList) {
    if (elem.elemType === ElemType.TEXT) bytes += Buffer.byteLength(elem.text);
    // Tips are written by the server, never sent by a client: no body limit applies.
    else if (elem.elemType === ElemType.GROUP_TIPS) continue;
    else
      bytes +=
        Buffer.byteLength(elem.data) +
        Buffer.byteLength(elem.desc ?? '') +
        Buffer.byteLength(elem.extension ?? '');
  }
  return bytes;
}

/**
 * True when the body is over `limitBytes`: the app's `maxMessageBodyBytes`, or the original's 12 KB
 * where no app is at hand.
 */
export function isBodyTooLarge(
  elemList: readonly MessageElem[],
  cloudCustomData: string,
  limitBytes: number = MAX_MESSAGE_BODY_BYTES,
): boolean {
  return messageBodyBytes(elemList, cloudCustomData) > limitBytes;
}

/** One element as REST calls and callbacks carry it. */
export type RestMsgElem =
  | { MsgType: 'TIMTextElem'; MsgContent: { Text: string } }
  | { MsgType: 'TIMCustomElem'; MsgContent: { Data: string; Desc?: string; Ext?: string; Sound?: string } };

const restElem = z.discriminatedUnion('MsgType', [
  z.object({ MsgType: z.literal('TIMTextElem'), MsgContent: z.object({ Text: z.string() }) }),
  z.object({
    MsgType: z.literal('TIMCustomElem'),
    MsgContent: z.object({
      Data: z.string(),
      Desc: z.string().optional(),
      Ext: z.string().optional(),
      Sound: z.string().optional(),
    }),
  }),
]);

/** A REST `MsgBody`: 1 to 20 text or custom elements (other types are not stored by this version). */
export const restMsgBodySchema = z.array(restElem).min(1).max(20);

export function fromRestBody(body: z.output<typeof restMsgBodySchema>): MessageElem[] {
  return body.map((elem) =>
    elem.MsgType === 'TIMTextElem'
      ? { elemType: ElemType.TEXT, text: elem.MsgContent.Text }
      : {
          elemType: ElemType.CUSTOM,
          data: elem.MsgContent.Data,
          ...(elem.MsgContent.Desc === undefined ? {} : { desc: elem.MsgContent.Desc }),
          ...(elem.MsgContent.Ext === undefined ? {} : { extension: elem.MsgContent.Ext }),
        },
  );
}

export function toRestBody(elemList: readonly MessageElem[]): RestMsgElem[] {
  // Group tips never travel in one-to-one REST bodies.
  return elemList.flatMap((elem): RestMsgElem[] =>
    elem.elemType === ElemType.TEXT
      ? [{ MsgType: 'TIMTextElem', MsgContent: { Text: elem.text } }]
      : elem.elemType === ElemType.CUSTOM
        ? [
            {
              MsgType: 'TIMCustomElem',
              MsgContent: { Data: elem.data, Desc: elem.desc ?? '', Ext: elem.extension ?? '' },
            },
          ]
        : [],
  );
}
