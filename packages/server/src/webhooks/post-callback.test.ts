import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallbackRequest, callbackUrl, judgeCallbackReply, postCallback } from './post-callback.js';
import { type CallbackReceiver, startCallbackReceiver } from './testing.js';

describe('callbackUrl', () => {
  it('keeps the app’s own query and appends the callback parameters in the original’s order', () => {
    const url = callbackUrl({
      url: 'https://example.com/im/callback?token=s3cret',
      sdkAppID: 1400000001,
      command: 'State.StateChange',
      query: { ClientIP: '203.0.113.7', OptPlatform: 'Web' },
    });
    expect(url.toString()).toBe(
      'https://example.com/im/callback?token=s3cret&SdkAppid=1400000001&CallbackCommand=State.StateChange' +
        '&contenttype=json&ClientIP=203.0.113.7&OptPlatform=Web',
    );
  });
});

describe('judgeCallbackReply', () => {
  it.each([
    [200, '', true],
    [204, '', true],
    [200, '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}', true],
    [200, '{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"busy"}', false],
    [200, '{"ActionStatus":"OK"}', false],
    [200, '<html>hello</html>', false],
    [200, undefined, false],
    [302, '', false],
    [404, '', false],
    [500, '{"ErrorCode":0}', false],
  ])('treats HTTP %i with body %j as delivered: %s', (status, text, ok) => {
    expect(judgeCallbackReply(status, text).ok).toBe(ok);
  });

  it('names the app’s error in the failure', () => {
    expect(judgeCallbackReply(200, '{"ErrorCode":1,"ErrorInfo":"busy"}')).toEqual({
      ok: false,
      error: 'ErrorCode 1: busy',
    });
  });
});

describe('postCallback', () => {
  let receiver: CallbackReceiver;
  const request = (): CallbackRequest => ({
    url: receiver.url,
    sdkAppID: 1400000001,
    command: 'State.StateChange',
    query: { ClientIP: '203.0.113.7', OptPlatform: 'Web' },
    body: { CallbackCommand: 'State.StateChange', EventTime: 1 },
  });

  beforeEach(async () => {
    receiver = await startCallbackReceiver('/hook?token=abc');
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('posts the body as JSON to the URL with the callback query', async () => {
    const outcome = await postCallback(request(), { timeoutMs: 2_000 });
    expect(outcome).toEqual({ ok: true, status: 200 });
    const [got] = receiver.received;
    expect(got?.method).toBe('POST');
    expect(got?.path).toBe('/hook');
    expect(got?.headers['content-type']).toBe('application/json');
    expect(got?.query).toEqual([
      ['token', 'abc'],
      ['SdkAppid', '1400000001'],
      ['CallbackCommand', 'State.StateChange'],
      ['contenttype', 'json'],
      ['ClientIP', '203.0.113.7'],
      ['OptPlatform', 'Web'],
    ]);
    expect(got?.body).toEqual({ CallbackCommand: 'State.StateChange', EventTime: 1 });
  });

  it('reports a failing receiver with its status', async () => {
    receiver.answer(() => ({ status: 503, body: 'down' }));
    expect(await postCallback(request(), { timeoutMs: 2_000 })).toEqual({
      ok: false,
      status: 503,
      timedOut: false,
      error: 'HTTP 503',
    });
  });

  it('gives up on a receiver that never answers after the timeout', async () => {
    receiver.answer(() => 'hang');
    const outcome = await postCallback(request(), { timeoutMs: 150 });
    expect(outcome).toEqual({ ok: false, timedOut: true, error: 'no reply within 150 ms' });
  });

  it('reports a receiver that is not there', async () => {
    await receiver.close();
    const outcome = await postCallback(request(), { timeoutMs: 2_000 });
    expect(outcome).toMatchObject({ ok: false, timedOut: false });
  });

  it('stops when its signal aborts, without waiting for the timeout', async () => {
    receiver.answer(() => 'hang');
    const abort = new AbortController();
    const outcome = postCallback(request(), { timeoutMs: 60_000, signal: abort.signal });
    await receiver.waitFor(() => true);
    abort.abort();
    expect(await outcome).toMatchObject({ ok: false, timedOut: false });
  });

  it('with --callback-deny-private, refuses a loopback receiver without posting', async () => {
    const outcome = await postCallback(request(), { timeoutMs: 2_000, denyPrivateTargets: true });
    expect(outcome).toEqual({
      ok: false,
      timedOut: false,
      error: expect.stringContaining('private address'),
    });
    expect(receiver.received).toEqual([]);
    // A name that resolves to loopback is refused the same way.
    const byName = { ...request(), url: receiver.url.replace('127.0.0.1', 'localhost') };
    expect(await postCallback(byName, { timeoutMs: 2_000, denyPrivateTargets: true })).toMatchObject({
      ok: false,
    });
    expect(receiver.received).toEqual([]);
  });

  it('does not follow a redirect', async () => {
    receiver.answer(() => ({ status: 307, body: '' }));
    expect(await postCallback(request(), { timeoutMs: 2_000 })).toMatchObject({ ok: false, status: 307 });
    expect(receiver.received).toHaveLength(1);
  });
});
