/**
 * Reading server frames: text in, a reply or a push out, or undefined for anything else (logged and
 * dropped by the connection). The only place that trusts nothing about the server's JSON.
 */
import type { ReplyFrame } from '@parley/protocol';

/** A reply to one of our requests (its `id` is always a number here). */
export type IncomingReply = ReplyFrame & { id: number };

/** A push; the name is not narrowed, so a newer server's pushes pass through to be ignored. */
export interface IncomingPush {
  push: string;
  data: Readonly<Record<string, unknown>>;
}

/** A frame from the server, told apart by `kind`. */
export type IncomingFrame = { kind: 'reply'; frame: IncomingReply } | { kind: 'push'; frame: IncomingPush };

/** Decodes the payload of a message event: text, or UTF-8 bytes where a runtime hands over binary. */
export function messageText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  const Decoder = (
    globalThis as { TextDecoder?: new () => { decode(input: ArrayBufferView | ArrayBuffer): string } }
  ).TextDecoder;
  if (!Decoder) return undefined;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return new Decoder().decode(data);
  return undefined;
}

export function readServerFrame(text: string): IncomingFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const frame = value as Record<string, unknown>;
  if (typeof frame.push === 'string') {
    const data = typeof frame.data === 'object' && frame.data !== null ? frame.data : {};
    return { kind: 'push', frame: { push: frame.push, data: data as Record<string, unknown> } };
  }
  if (typeof frame.id === 'number' && typeof frame.code === 'number') {
    const reply: IncomingReply = {
      id: frame.id,
      code: frame.code,
      desc: typeof frame.desc === 'string' ? frame.desc : '',
    };
    if (frame.data !== undefined) reply.data = frame.data;
    return { kind: 'reply', frame: reply };
  }
  return undefined;
}
