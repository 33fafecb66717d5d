import { describe, expect, it } from 'vitest';
import { sessionRequestSchemas } from '../session/op-schemas.js';
import { readFrame as readWith } from './frame-reader.js';

/** The session's ops, as a server that registered them would check them. */
const readFrame = (text: string) =>
  readWith(text, (op) =>
    Object.hasOwn(sessionRequestSchemas, op)
      ? sessionRequestSchemas[op as keyof typeof sessionRequestSchemas]
      : undefined,
  );

const login = {
  sdkAppID: 1400000001,
  userID: 'alice',
  userSig: 'x',
  platform: 'web',
  instanceID: 'abc_123',
};

describe('readFrame', () => {
  it('reads a valid login request', () => {
    const result = readFrame(JSON.stringify({ id: 1, op: 'login', data: login }));
    expect(result).toEqual({ kind: 'request', frame: { id: 1, op: 'login', data: login } });
  });

  it('reads ops without data as empty data', () => {
    expect(readFrame('{"id":7,"op":"ping"}')).toEqual({
      kind: 'request',
      frame: { id: 7, op: 'ping', data: {} },
    });
  });

  it.each(['not json', '{"id":1', '', '\u0000'])('closes on a frame that is not JSON: %j', (text) => {
    expect(readFrame(text)).toEqual({ kind: 'close', reason: 'frame is not JSON' });
  });

  it.each([
    ['an array', '[1,2]', null],
    ['a missing id', '{"op":"ping"}', null],
    ['a negative id', '{"id":-1,"op":"ping"}', null],
    ['a string id', '{"id":"1","op":"ping"}', null],
    ['a missing op', '{"id":3}', 3],
  ])('rejects %s with 6017', (_name, text, id) => {
    const result = readFrame(text);
    expect(result).toMatchObject({ kind: 'reject', id, code: 6017 });
  });

  it('rejects an unknown op with 7013 and the op name', () => {
    expect(readFrame('{"id":2,"op":"fly"}')).toEqual({
      kind: 'reject',
      id: 2,
      code: 7013,
      desc: 'unknown op "fly"',
    });
  });

  it('names the failing field of request data', () => {
    const bad = readFrame(JSON.stringify({ id: 4, op: 'login', data: { ...login, platform: 'toaster' } }));
    expect(bad).toMatchObject({ kind: 'reject', id: 4, code: 6017 });
    expect(bad.kind === 'reject' && bad.desc).toMatch(/^login: platform/);
    const missing = readFrame(JSON.stringify({ id: 5, op: 'login', data: { userID: 'a' } }));
    expect(missing).toMatchObject({ kind: 'reject', id: 5, code: 6017 });
    const extra = readFrame(JSON.stringify({ id: 6, op: 'ping', data: { evil: true } }));
    expect(extra).toMatchObject({ kind: 'reject', id: 6, code: 6017 });
  });

  it('refuses instance IDs outside the safe alphabet', () => {
    const bad = readFrame(JSON.stringify({ id: 8, op: 'login', data: { ...login, instanceID: 'a b' } }));
    expect(bad).toMatchObject({ kind: 'reject', code: 6017 });
  });
});
