/**
 * The REST envelope (login.md §8, docs/rest-api.md): every answer is HTTP 200 JSON with ActionStatus,
 * ErrorCode and ErrorInfo; the URL, the admin ticket, `random`, the method and the body are checked
 * in a fixed order with the documented codes.
 */
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '@parley/protocol';
import { genUserSig } from '@parley/usersig';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { registerRestApi } from '../src/rest/plugin.js';
import { startTestServer, TEST_ADMIN, type TestServer } from './support/harness.js';

const CHECK = 'im_open_login_svc/account_check';
const checkBody = { CheckItem: [{ UserID: 'rest-env-nobody' }] };

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('the REST envelope', () => {
  it('answers a well-formed admin call with ActionStatus OK, ErrorCode 0 and an empty ErrorInfo', async () => {
    const res = await t.rest(CHECK, checkBody);
    expect(res).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
  });

  it('accepts any content type, or none, as long as the body is JSON', async () => {
    for (const headers of [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
    ]) {
      expect((await t.rest(CHECK, checkBody, { headers })).ActionStatus).toBe('OK');
    }
  });

  it('accepts the URL without random, and random at both ends of the uint32 range', async () => {
    for (const random of [null, 0, 4_294_967_295]) {
      expect((await t.rest(CHECK, checkBody, { random })).ActionStatus).toBe('OK');
    }
  });

  describe('refuses a bad URL', () => {
    it.each([
      ['sdkappid missing', { sdkappid: null }, ErrorCode.ERR_REST_NO_SDKAPPID],
      ['sdkappid empty', { sdkappid: '' }, ErrorCode.ERR_REST_NO_SDKAPPID],
      ['sdkappid not an integer', { sdkappid: 'abc' }, ErrorCode.ERR_REST_BAD_SDKAPPID],
      ['sdkappid zero', { sdkappid: 0 }, ErrorCode.ERR_REST_BAD_SDKAPPID],
      ['sdkappid beyond uint32', { sdkappid: 4_294_967_296 }, ErrorCode.ERR_REST_BAD_SDKAPPID],
      ['sdkappid of no app', { sdkappid: 1234 }, ErrorCode.ERR_SDKAPPID_NOT_FOUND],
      ['identifier missing', { identifier: null, usersig: 'x' }, ErrorCode.ERR_REST_BAD_IDENTIFIER],
      [
        'identifier too long',
        { identifier: 'a'.repeat(33), usersig: 'x' },
        ErrorCode.ERR_REST_BAD_IDENTIFIER,
      ],
      ['usersig missing', { usersig: null }, ErrorCode.ERR_REST_BAD_IDENTIFIER],
      ['usersig empty', { usersig: '' }, ErrorCode.ERR_REST_BAD_IDENTIFIER],
      ['random not a number', { random: 'abc' }, ErrorCode.ERR_REST_BAD_URL],
      ['random beyond uint32', { random: 4_294_967_296 }, ErrorCode.ERR_REST_BAD_URL],
      ['random negative', { random: -1 }, ErrorCode.ERR_REST_BAD_URL],
    ] as const)('%s', async (_case, options, code) => {
      const res = await t.rest(CHECK, checkBody, options);
      expect(res).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
      expect(res.ErrorInfo).not.toBe('');
    });

    it('refuses a parameter given twice or a broken %-escape with 60002', async () => {
      const ticket = t.ticket(TEST_ADMIN);
      const base = `identifier=${TEST_ADMIN}&usersig=${ticket}`;
      for (const query of [
        `sdkappid=${t.sdkAppID}&sdkappid=1&${base}`,
        `sdkappid=${t.sdkAppID}&${base}&random=%zz`,
      ]) {
        expect(await t.rest(CHECK, checkBody, { query })).toMatchObject({
          ActionStatus: 'FAIL',
          ErrorCode: ErrorCode.ERR_REST_BAD_URL,
        });
      }
    });

    it('answers an unknown service or command with 60009, still HTTP 200', async () => {
      for (const command of ['im_open_login_svc/no_such_command', 'no_such_service/kick', 'kick', 'a/b/c']) {
        expect(await t.rest(command, {})).toMatchObject({
          ActionStatus: 'FAIL',
          ErrorCode: ErrorCode.ERR_REST_BAD_RESOURCE,
        });
      }
    });

    it('answers a method other than POST with 60008, still HTTP 200', async () => {
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
        expect(await t.rest(CHECK, checkBody, { method })).toMatchObject({
          ActionStatus: 'FAIL',
          ErrorCode: ErrorCode.ERR_REST_BAD_REQUEST,
        });
      }
    });
  });

  describe('authenticates the admin on every call', () => {
    it.each<[string, () => string, number]>([
      ['a ticket that is not a ticket', () => 'garbage', ErrorCode.ERR_USERSIG_MALFORMED],
      [
        'an expired ticket',
        () => t.ticket(TEST_ADMIN, { expire: 60, now: nowSeconds() - 3600 }),
        ErrorCode.ERR_USERSIG_EXPIRED,
      ],
      [
        'a ticket of another user',
        () => t.ticket('rest-env-someone'),
        ErrorCode.ERR_USERSIG_IDENTIFIER_MISMATCH,
      ],
      [
        'a ticket signed with another key',
        () => genUserSig({ sdkAppID: t.sdkAppID, key: 'not-the-key', userID: TEST_ADMIN, expire: 600 }),
        ErrorCode.ERR_USERSIG_SIGNATURE_MISMATCH,
      ],
      [
        'a ticket of another app',
        () => genUserSig({ sdkAppID: 1234, key: t.secretKey, userID: TEST_ADMIN, expire: 600 }),
        ErrorCode.ERR_USERSIG_SDKAPPID_MISMATCH,
      ],
    ])('refuses %s with the ticket’s own code', async (_case, usersig, code) => {
      expect(await t.rest(CHECK, checkBody, { usersig: usersig() })).toMatchObject({
        ActionStatus: 'FAIL',
        ErrorCode: code,
      });
    });

    it('refuses a valid ticket of a user who is not an admin, with the service’s code', async () => {
      const caller = { identifier: 'rest-env-user' };
      expect((await t.rest(CHECK, checkBody, caller)).ErrorCode).toBe(ErrorCode.ERR_ADMIN_REQUIRED);
      expect((await t.rest('openim/query_online_status', { To_Account: ['x'] }, caller)).ErrorCode).toBe(
        ErrorCode.ERR_REST_NOT_ADMIN,
      );
      expect((await t.rest('openim/querystate', { To_Account: ['x'] }, caller)).ErrorCode).toBe(
        ErrorCode.ERR_QUERYSTATE_NOT_ADMIN,
      );
    });

    it('refuses the admin’s tickets issued before the admin was kicked (70052); a fresh one works', async () => {
      const old = t.ticket(TEST_ADMIN, { now: nowSeconds() - 60 });
      expect((await t.rest('im_open_login_svc/account_import', { UserID: TEST_ADMIN })).ActionStatus).toBe(
        'OK',
      );
      expect((await t.rest('im_open_login_svc/kick', { UserID: TEST_ADMIN })).ActionStatus).toBe('OK');
      expect((await t.rest(CHECK, checkBody, { usersig: old })).ErrorCode).toBe(
        ErrorCode.ERR_USERSIG_REVOKED,
      );
      expect((await t.rest(CHECK, checkBody)).ActionStatus).toBe('OK');
    });
  });

  describe('refuses a bad body', () => {
    it.each([
      ['not JSON', '{"CheckItem": ['],
      ['empty', ''],
      ['only whitespace', ' \n '],
      ['a JSON array', '[]'],
      ['JSON null', 'null'],
      ['a JSON string', '"{}"'],
      ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
    ])('%s → 60003', async (_case, rawBody) => {
      const res = await t.rest(CHECK, undefined, { rawBody });
      expect(res).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: ErrorCode.ERR_REST_BAD_JSON });
    });

    it('refuses a body over 1 MB with 60008, still HTTP 200', async () => {
      const rawBody = JSON.stringify({ CheckItem: [{ UserID: 'x'.repeat(1024 * 1024) }] });
      expect(await t.rest(CHECK, undefined, { rawBody })).toMatchObject({
        ActionStatus: 'FAIL',
        ErrorCode: ErrorCode.ERR_REST_BAD_REQUEST,
      });
    });

    it('names the failing field in ErrorInfo', async () => {
      const res = await t.rest(CHECK, { CheckItem: [{ UserID: 'ok' }, { UserID: 7 }] });
      expect(res).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: ErrorCode.ERR_INVALID_PARAMS });
      expect(res.ErrorInfo).toContain('CheckItem[1].UserID');
    });
  });
});

describe('REST rate limits', () => {
  it('refuses calls beyond the per-app, per-command rate with 60007; other commands are unaffected', async () => {
    // A second plugin instance over the same server's storage, with a tiny rate and a stopped clock,
    // so the limit is reached by call count and never by timing.
    const http = Fastify();
    const frozen = Date.now();
    await registerRestApi(http, {
      storage: t.server.storage,
      apps: t.server.apps,
      endpoints: t.server.restEndpoints,
      logger: createLogger({ level: 'silent' }),
      rates: { [CHECK]: 2 },
      now: () => frozen,
    });
    await http.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = http.server.address() as AddressInfo;
      const call = async (command: string, body: unknown) => {
        const query = `sdkappid=${t.sdkAppID}&identifier=${TEST_ADMIN}&usersig=${t.ticket(TEST_ADMIN)}`;
        const res = await fetch(`http://127.0.0.1:${port}/v4/${command}?${query}`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { ErrorCode: number }).ErrorCode;
      };
      expect(await call(CHECK, checkBody)).toBe(0);
      expect(await call(CHECK, checkBody)).toBe(0);
      expect(await call(CHECK, checkBody)).toBe(ErrorCode.ERR_REST_RATE_LIMITED);
      expect(await call('openim/query_online_status', { To_Account: ['x'] })).toBe(0);
    } finally {
      await http.close();
    }
  });
});

describe('REST logging', () => {
  it('never writes the admin’s usersig to the log', async () => {
    const lines: string[] = [];
    const logged = await startTestServer({ logLines: lines });
    try {
      const usersig = logged.ticket(TEST_ADMIN);
      await logged.rest('im_open_login_svc/kick', { UserID: 'rest-env-nobody' }, { usersig });
      await logged.rest('no/such', {}, { usersig });
      await logged.rest(CHECK, '', { usersig, rawBody: 'x'.repeat(1024 * 1024 + 1) });
      expect(lines.some((line) => line.includes('/v4/'))).toBe(true);
      expect(lines.filter((line) => line.includes(usersig))).toEqual([]);
    } finally {
      await logged.stop();
    }
  });
});
