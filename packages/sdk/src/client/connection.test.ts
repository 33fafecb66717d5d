import { ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  WebSocketCloseEventLike,
  WebSocketConstructor,
  WebSocketLike,
  WebSocketMessageEventLike,
} from '../transport.js';
import { Connection, type ConnectionClose } from './connection.js';
import { silentLog } from './log.js';

/** A scripted WebSocket double: the test opens it, feeds it frames and closes it. */
class ScriptedSocket implements WebSocketLike {
  static last: ScriptedSocket | undefined;
  readyState = 0;
  readonly sent: string[] = [];
  readonly closes: (number | undefined)[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: WebSocketMessageEventLike) => void) | null = null;
  onclose: ((event: WebSocketCloseEventLike) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    ScriptedSocket.last = this;
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(code?: number): void {
    this.closes.push(code);
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function connect(connectTimeoutMs = 1_000): { connection: Connection; socket: ScriptedSocket } {
  const connection = new Connection({
    url: 'ws://test',
    WebSocket: ScriptedSocket satisfies WebSocketConstructor,
    connectTimeoutMs,
    log: silentLog,
  });
  return { connection, socket: ScriptedSocket.last as ScriptedSocket };
}

describe('Connection', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('#opened', () => {
    it('resolves once the socket opens', async () => {
      const { connection, socket } = connect();
      socket.open();
      expect(await connection.opened).toEqual({ ok: true });
      expect(connection.isOpen).toBe(true);
    });

    it('fails with 9508 when the socket errors before opening', async () => {
      const { connection, socket } = connect();
      socket.onerror?.({});
      expect((await connection.opened).ok).toBe(false);
      expect(await connection.opened).toMatchObject({ code: ErrorCode.ERR_SDK_NET_DISCONNECT });
    });

    it('fails with 9510 and closes the socket when opening takes too long', async () => {
      vi.useFakeTimers();
      const { connection, socket } = connect(500);
      vi.advanceTimersByTime(500);
      expect(await connection.opened).toMatchObject({
        ok: false,
        code: ErrorCode.ERR_SDK_NET_CONNECT_TIMEOUT,
      });
      expect(socket.closes).toEqual([undefined]); // no close code while connecting
    });

    it('fails with 9508 when the constructor throws', async () => {
      const Throwing = class {
        constructor() {
          throw new SyntaxError('bad URL');
        }
      } as unknown as WebSocketConstructor;
      const connection = new Connection({
        url: 'nope',
        WebSocket: Throwing,
        connectTimeoutMs: 1_000,
        log: silentLog,
      });
      expect(await connection.opened).toMatchObject({ ok: false, code: ErrorCode.ERR_SDK_NET_DISCONNECT });
      expect(connection.isOpen).toBe(false);
    });
  });

  describe('#request', () => {
    it('numbers requests from 1 and matches replies by id, in any order', async () => {
      const { connection, socket } = connect();
      socket.open();
      const ping = connection.request('ping', {}, 1_000);
      const time = connection.request('time', {}, 1_000);
      expect(socket.sent.map((text) => JSON.parse(text))).toEqual([
        { id: 1, op: 'ping', data: {} },
        { id: 2, op: 'time', data: {} },
      ]);
      socket.receive({ id: 2, code: 0, desc: '', data: { serverTime: 2 } });
      socket.receive({ id: 1, code: 0, desc: '', data: { serverTime: 1 } });
      expect(await ping).toEqual({ id: 1, code: 0, desc: '', data: { serverTime: 1 } });
      expect(await time).toMatchObject({ data: { serverTime: 2 } });
    });

    it('answers 9520 when no reply comes in time, and ignores the late reply', async () => {
      vi.useFakeTimers();
      const { connection, socket } = connect();
      socket.open();
      const ping = connection.request('ping', {}, 200);
      vi.advanceTimersByTime(200);
      expect((await ping).code).toBe(ErrorCode.ERR_SDK_NET_WAIT_ACK_TIMEOUT);
      socket.receive({ id: 1, code: 0, desc: '' });
    });

    it('answers 9508 at once when not open, and fails waiting requests with 9508 on close', async () => {
      const { connection, socket } = connect();
      expect((await connection.request('ping', {}, 1_000)).code).toBe(ErrorCode.ERR_SDK_NET_DISCONNECT);
      socket.open();
      const ping = connection.request('ping', {}, 1_000);
      socket.serverClose(1012);
      expect((await ping).code).toBe(ErrorCode.ERR_SDK_NET_DISCONNECT);
    });
  });

  describe('close funnel', () => {
    it('reports one close, whoever closes first', () => {
      const { connection, socket } = connect();
      socket.open();
      const closes: ConnectionClose[] = [];
      connection.onClose = (close) => closes.push(close);
      connection.close(4500, 'ping timeout');
      socket.serverClose(1006);
      socket.onerror?.({});
      connection.close();
      expect(closes).toEqual([{ code: 4500, reason: 'ping timeout', local: true }]);
      expect(socket.closes).toEqual([4500]);
    });

    it('reports the server close code', () => {
      const { connection, socket } = connect();
      socket.open();
      const closes: ConnectionClose[] = [];
      connection.onClose = (close) => closes.push(close);
      socket.serverClose(4001, 'kicked');
      expect(closes).toEqual([{ code: 4001, reason: 'kicked', local: false }]);
    });

    it('delivers pushes and drops unreadable frames', () => {
      const { connection, socket } = connect();
      socket.open();
      const pushes: unknown[] = [];
      connection.onPush = (push) => pushes.push(push);
      socket.receive('not json');
      socket.receive({ push: 'kicked', data: { reason: 'multipleDevice' } });
      expect(pushes).toEqual([{ push: 'kicked', data: { reason: 'multipleDevice' } }]);
    });
  });
});
