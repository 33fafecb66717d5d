/**
 * The stored `body` of a message (docs/read-receipts.md "Storage"). A message without read
 * receipts keeps the plain JSON element list it always had; one sent with `needReadReceipt` is
 * stored as `{"r":<audience>,"e":[…]}`, where the audience is how many users could read it at
 * sending (1 one-to-one; a group's members minus the sender). The flag thus rides on the row the
 * send writes anyway: no column on the hot tables and no second row per send.
 */
import type { MessageElem } from '@parley/protocol';

interface ReceiptBody {
  r: number;
  e: MessageElem[];
}

/** The body to store; `audience` only for a message sent with `needReadReceipt`. */
export function encodeBody(elemList: MessageElem[], audience?: number): string {
  return audience === undefined ? JSON.stringify(elemList) : JSON.stringify({ r: audience, e: elemList });
}

/** True when the body is one of a message sent with `needReadReceipt` (its first byte is `{`). */
export function bodyNeedsReceipt(body: string): boolean {
  return body.charCodeAt(0) === 0x7b;
}

// Bodies are written by this store from validated input only.
export function decodeBody(body: string): { elemList: MessageElem[]; audience?: number } {
  if (!bodyNeedsReceipt(body)) return { elemList: JSON.parse(body) as MessageElem[] };
  const parsed = JSON.parse(body) as ReceiptBody;
  return { elemList: parsed.e, audience: parsed.r };
}

/** The body with its elements replaced (an edit), the receipt audience kept. */
export function replaceBodyElems(body: string, elemList: MessageElem[]): string {
  return encodeBody(elemList, decodeBody(body).audience);
}
