/**
 * Fuzzing of the two readers that take bytes from strangers: the WebSocket frame reader and the
 * REST body parser. Random and structured garbage from a fixed seed (a failure replays exactly),
 * bounded in iterations; first the readers alone, then the same garbage over real sockets against a
 * real server, which must answer every piece with a clear refusal and keep serving.
 */
import { errorInfo } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { readJsonObject } from '../src/rest/body.js';
import { messageRequestSchemas } from '../src/services/messages/wire-schemas.js';
import { sessionRequestSchemas } from '../src/session/op-schemas.js';
import { readFrame } from '../src/transport/frame-reader.js';
import { startTestServer, type TestServer } from './support/harness.js';
import { connectRaw, type RawClient } from './support/raw-client.js';

const SEED = 0x5eed_2024;

/** Every op a server registers, as the gateway looks them up. */
const SCHEMAS: Readonly<Record<string, z.ZodType>> = { ...sessionRequestSchemas, ...messageRequestSchemas };
const schemaOf = (op: string) => (Object.hasOwn(SCHEMAS, op) ? SCHEMAS[op] : undefined);

/** mulberry32: small, fast, and the same sequence on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const VALID_FRAMES = [
  { id: 1, op: 'ping' },
  { id: 2, op: 'login', data: { sdkAppID: 1, userID: 'a', userSig: 'x', platform: 'web', instanceID: 'i' } },
  {
    id: 3,
    op: 'sendMessage',
    data: { receiver: 'b', message: { elements: [{ type: 'text', text: 'hi' }] } },
  },
  { id: 4, op: 'getHistory', data: { conversationID: 'c2c_b', count: 20 } },
  { id: 5, op: 'syncEvents', data: { afterSeq: '0' } },
  { AccountList: [{ UserID: 'a', Nick: 'n' }], CheckItem: [{ UserID: 'x' }] },
].map((frame) => JSON.stringify(frame));

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  ',',
  ':',
  'null',
  'true',
  '-0',
  '1e999',
  '9007199254740993',
  '"__proto__"',
  '{"__proto__":{"polluted":1}}',
  '"constructor"',
  '\u0000',
  '\ud800',
  '\uffff',
  '"\\u0000"',
  '"\\ud83d"',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '"id":-1',
  '"id":1.5',
  '"op":"login"',
  '"data":[]',
  'x'.repeat(300),
];

/** One piece of garbage: random bytes, or a valid frame cut, spliced and mutated. */
function garbage(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const kind = next();
  if (kind < 0.25) {
    const length = Math.floor(next() * 200);
    return String.fromCharCode(...Array.from({ length }, () => Math.floor(next() * 0x10000)));
  }
  if (kind < 0.35) return Array.from({ length: 1 + Math.floor(next() * 20) }, () => pick(PIECES)).join('');
  let text = pick(VALID_FRAMES);
  for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
    const at = Math.floor(next() * (text.length + 1));
    const action = next();
    if (action < 0.4) text = text.slice(0, at) + pick(PIECES) + text.slice(at);
    else if (action < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 8));
    else text = text.slice(0, at) + String.fromCharCode(Math.floor(next() * 128)) + text.slice(at + 1);
  }
  return text;
}

describe('the readers alone', () => {
  it('turns 10,000 pieces of garbage into a request or a clear refusal, never a throw', () => {
    const next = random(SEED);
    const seen = { request: 0, reject: 0, close: 0 };
    for (let i = 0; i < 10_000; i++) {
      const text = garbage(next);
      const read = readFrame(text, schemaOf);
      seen[read.kind] += 1;
      if (read.kind === 'reject') {
        expect(errorInfo(read.code), text).toBeDefined();
        expect(read.desc).not.toBe('');
        expect(read.id === null || (Number.isSafeInteger(read.id) && read.id > 0)).toBe(true);
      }
      if (read.kind === 'close') expect(read.reason).not.toBe('');
    }
    // The structured half must reach the deeper checks, not only the JSON parser.
    expect(seen.reject).toBeGreaterThan(500);
    expect(seen.close).toBeGreaterThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads 10,000 garbage REST bodies into an object or a 60003 refusal with an explanation', () => {
    const next = random(SEED + 1);
    for (let i = 0; i < 10_000; i++) {
      const text = garbage(next);
      // Half as text, half as raw bytes (invalid UTF-8 included).
      const raw =
        i % 2 === 0
          ? Buffer.from(text)
          : Buffer.from(Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256)));
      const body = readJsonObject(raw, 60003);
      if (body.ok) {
        expect(typeof body.value).toBe('object');
        expect(Array.isArray(body.value)).toBe(false);
      } else {
        expect(body.failure).toMatchObject({ ok: false, code: 60003 });
        expect(JSON.stringify(body.failure)).toMatch(/request body/);
      }
    }
  });
});

describe('garbage over the wire', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('answers garbage frames with refusals or a close, and keeps serving others', async () => {
    const next = random(SEED + 2);
    const observer = await connectRaw(t.wsUrl);
    let fuzzer: RawClient | undefined;
    let sent = 0;
    let connections = 0;
    const replies: { code: number; desc: string }[] = [];
    while (sent < 600) {
      if (!fuzzer || fuzzer.socket.readyState !== fuzzer.socket.OPEN) {
        fuzzer?.socket.terminate();
        fuzzer = await connectRaw(t.wsUrl);
        connections += 1;
        fuzzer.socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
      }
      fuzzer.sendText(garbage(next));
      sent += 1;
      // Give the server a turn now and then, so that a close is seen before the next send.
      if (sent % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    fuzzer?.close();
    expect(connections).toBeGreaterThan(1);
    for (const reply of replies) {
      if (reply.code !== 0) expect(errorInfo(reply.code), JSON.stringify(reply)).toBeDefined();
      if (reply.code !== 0) expect(reply.desc).not.toBe('');
    }
    expect((await observer.request('ping')).code).toBe(0);
    observer.close();
  });

  it('answers garbage REST bodies with an HTTP 200 envelope each', async () => {
    const next = random(SEED + 3);
    for (let i = 0; i < 150; i++) {
      const reply = await t.rest('im_open_login_svc/account_check', undefined, { rawBody: garbage(next) });
      expect(reply.ActionStatus).toMatch(/^(OK|FAIL)$/);
      if (reply.ErrorCode !== 0) expect(reply.ErrorInfo).not.toBe('');
    }
    expect((await t.rest('im_open_login_svc/account_check', { CheckItem: [] })).ActionStatus).toBeDefined();
  });
});
