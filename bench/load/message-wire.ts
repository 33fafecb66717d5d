/**
 * How a one-to-one message travels for each target. The baselines take a minimal `send` op and push
 * `message`; Parley takes `sendMessage` (stored in the receiver's timeline) and pushes `syncEvent`
 * (docs/protocol.md). Either way the generator finds the message by its msgID on arrival.
 */
import type { Push } from './socket.js';
import type { TargetKind } from './tasks.js';

/** A typical short chat line, so frames are the size real traffic has. */
const TEXT = 'hello from the parley benchmark, a short chat line';
const ELEM_TYPE_TEXT = 1;

export interface MessageWire {
  op: string;
  request(receiver: string, msgID: string): object;
  /** The msgIDs of the messages this push delivers (none for unrelated pushes). */
  delivered(push: Push): string[];
}

const baselineWire: MessageWire = {
  op: 'send',
  request: (receiver, msgID) => ({ to: receiver, msgID, text: TEXT }),
  delivered: (push) => {
    const msgID = (push.data as { msgID?: unknown } | undefined)?.msgID;
    return push.push === 'message' && typeof msgID === 'string' ? [msgID] : [];
  },
};

interface SyncEventPush {
  events?: { kind?: string; message?: { msgID?: unknown } }[];
}

const parleyWire: MessageWire = {
  op: 'sendMessage',
  request: (receiver, msgID) => ({
    msgID,
    receiver,
    random: Math.floor(Math.random() * 2 ** 32),
    elemList: [{ elemType: ELEM_TYPE_TEXT, text: TEXT }],
  }),
  delivered: (push) => {
    if (push.push !== 'syncEvent' && push.push !== 'onlineMessage') return [];
    const data = push.data as SyncEventPush & { message?: { msgID?: unknown } };
    const messages = data.message
      ? [data.message]
      : (data.events ?? []).filter((e) => e.kind === 'message').map((e) => e.message);
    return messages.flatMap((m) => (typeof m?.msgID === 'string' ? [m.msgID] : []));
  },
};

export function messageWire(kind: TargetKind): MessageWire {
  return kind === 'parley' ? parleyWire : baselineWire;
}

/**
 * The catch-up request a client sends after every (re)login: Parley's `syncEvents` from the client's
 * position (none here: a fresh position), and for the baselines a request of the same size they echo.
 */
export function syncRequest(kind: TargetKind): { op: string; data: object } {
  return kind === 'parley' ? { op: 'syncEvents', data: {} } : { op: 'sync', data: {} };
}
