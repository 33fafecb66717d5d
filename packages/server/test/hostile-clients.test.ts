/**
 * What a client without credentials (or with bad manners) can make the server do: each test here
 * is one way an adversarial run hurt the server, and the bound that now holds.
 */
import { CloseCode, ErrorCode } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';
import { connectRaw, type RawClient } from './support/raw-client.js';
import { rawUpgrade, socketClosed, textFrameHeader } from './support/raw-socket.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

let n = 0;
async function loggedIn(): Promise<RawClient> {
  const userID = `hostile${++n}`;
  const c = await connectRaw(t.wsUrl);
  const reply = await c.request('login', {
    sdkAppID: t.sdkAppID,
    userID,
    userSig: t.ticket(userID),
    platform: 'web',
    instanceID: `i${n}`,
  });
  expect(reply.code).toBe(0);
  return c;
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('before login', () => {
  it('closes a frame over 16 KiB with 1009, and accepts one after login', async () => {
    const stranger = await connectRaw(t.wsUrl);
    const big = JSON.stringify({ id: 1, op: 'ping', data: { pad: 'x'.repeat(20_000) } });
    stranger.sendText(big);
    expect((await stranger.closed).code).toBe(CloseCode.FRAME_TOO_LARGE);

    const member = await loggedIn();
    member.sendText(big);
    expect(await member.replyTo(1)).toMatchObject({ code: ErrorCode.ERR_INVALID_PARAMETERS });
    member.close();
  });

  it('closes a connection that streams a large frame without finishing it, long before the login timeout', async () => {
    const { socket, status } = await rawUpgrade(t.server.port);
    expect(status).toBe(101);
    const started = Date.now();
    socket.write(textFrameHeader(1_048_000));
    // Sent in pieces, as a slow attacker would; the server must not wait for the rest.
    for (let sent = 0; sent < 256 * 1024 && !socket.destroyed; sent += 16 * 1024) {
      socket.write(Buffer.alloc(16 * 1024, 0x20));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await socketClosed(socket, 3_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    socket.destroy();
  });

  it('closes a frame nested deeper than 32 levels with 1007 before parsing it', async () => {
    const c = await connectRaw(t.wsUrl);
    c.sendText(`{"id":1,"op":"ping","data":{"a":${nested(100)}}}`);
    expect(await c.closed).toEqual({
      code: CloseCode.INVALID_FRAME,
      reason: 'frame nests deeper than 32 levels',
    });
  });

  it('keeps no memory of SDKAppIDs that do not exist', async () => {
    for (let i = 0; i < 300; i++) {
      const reply = await t.rest('im_open_login_svc/account_check', {}, { sdkappid: 1_500_000_000 + i });
      expect(reply.ErrorCode).not.toBe(0);
    }
    const c = await connectRaw(t.wsUrl);
    for (let i = 0; i < 50; i++) {
      const reply = await c.request('login', {
        sdkAppID: 1_600_000_000 + i,
        userID: 'nobody',
        userSig: 'x',
        platform: 'web',
        instanceID: `x${i}`,
      });
      expect(reply.code).toBe(ErrorCode.ERR_SDKAPPID_NOT_FOUND);
    }
    c.close();
    expect(t.server.apps.size).toBeLessThanOrEqual(1);
  });
});

describe('REST bodies', () => {
  it('refuses a body nested deeper than 32 levels with 60003', async () => {
    const reply = await t.rest('im_open_login_svc/account_check', undefined, {
      rawBody: `{"CheckItem":${nested(5_000)}}`,
    });
    expect(reply).toMatchObject({ ErrorCode: ErrorCode.ERR_REST_BAD_JSON });
    expect(reply.ErrorInfo).toMatch(/deeper than 32/);
  });
});

describe('request budget', () => {
  it('charges refused frames against the request rate: after a burst of pings, unknown ops get 9506', async () => {
    const c = await connectRaw(t.wsUrl);
    // Sent in one go: the bucket refills at 50 per second, so awaiting each reply would refill it.
    const pings = Array.from({ length: 100 }, () => c.request('ping'));
    const refused = Array.from({ length: 20 }, () => c.request('teleport'));
    expect((await Promise.all(pings)).every((r) => r.code === 0)).toBe(true);
    const codes = (await Promise.all(refused)).map((r) => r.code);
    expect(codes).toContain(ErrorCode.ERR_SDK_NET_FREQ_LIMIT);
    expect(
      codes.every(
        (code) =>
          code === ErrorCode.ERR_SDK_NET_FREQ_LIMIT || code === ErrorCode.ERR_SDK_INTERFACE_NOT_SUPPORT,
      ),
    ).toBe(true);
    c.close();
  });

  it('closes a connection that keeps sending unknown ops, after a bounded number of replies', async () => {
    const c = await connectRaw(t.wsUrl);
    let replies = 0;
    c.socket.on('message', () => {
      replies += 1;
    });
    for (let id = 1; id <= 5_000; id++) c.sendText(JSON.stringify({ id, op: 'teleport' }));
    expect(await c.closed).toEqual({ code: CloseCode.INVALID_FRAME, reason: 'too many invalid frames' });
    expect(replies).toBeLessThanOrEqual(100);
  });

  it('closes a connection that ignores its 9506 replies with 4502', async () => {
    const c = await loggedIn();
    let limited = 0;
    c.socket.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { code?: number }).code === ErrorCode.ERR_SDK_NET_FREQ_LIMIT)
        limited += 1;
    });
    for (let id = 100; id < 5_100; id++) c.sendText(JSON.stringify({ id, op: 'ping' }));
    expect((await c.closed).code).toBe(CloseCode.OVERLOAD);
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThanOrEqual(100);
  });
});

describe('connection caps', () => {
  let capped: TestServer;
  beforeAll(async () => {
    capped = await startTestServer({ gateway: { maxConnections: 5, maxConnectionsPerAddress: 3 } });
  });
  afterAll(() => capped.stop());

  it('refuses the upgrade beyond the per-address cap with 429 and complete headers, and from another address accepts', async () => {
    const held = await Promise.all([1, 2, 3].map(() => rawUpgrade(capped.server.port)));
    expect(held.map((h) => h.status)).toEqual([101, 101, 101]);
    const refused = await rawUpgrade(capped.server.port);
    expect(refused.status).toBe(429);
    expect(refused.head).toMatch(/\r\nRetry-After: \d+\r\n/);
    expect(refused.head).toMatch(/\r\nContent-Length: \d+\r\n/);
    expect(refused.head).toMatch(/\r\nConnection: close\r\n/);
    const other = await rawUpgrade(capped.server.port, { localAddress: '127.0.0.2' });
    expect(other.status).toBe(101);

    // A place is given back when its socket closes.
    held[0]?.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await rawUpgrade(capped.server.port);
    expect(again.status).toBe(101);
    for (const h of [...held, other, again]) h.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it('refuses the upgrade beyond the total cap with 503', async () => {
    const held = await Promise.all(
      [2, 3, 4, 5, 6].map((i) => rawUpgrade(capped.server.port, { localAddress: `127.0.0.${i}` })),
    );
    expect(held.every((h) => h.status === 101)).toBe(true);
    const refused = await rawUpgrade(capped.server.port, { localAddress: '127.0.0.7' });
    expect(refused.status).toBe(503);
    expect(refused.head).toMatch(/\r\nRetry-After: \d+\r\n/);
    for (const h of held) h.socket.destroy();
  });
});
