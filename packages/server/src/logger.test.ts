import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogLevel } from './config.js';
import { createLogger, redactUrl } from './logger.js';

/** A ticket-shaped string: real tickets start with the zlib header's `eJ` and run 200+ characters. */
const TICKET = `eJyrVkrxCSxNLVKyUqpWMlQyUqoFAD*${'x'.repeat(180)}-_`;

/** A logger that writes into an array, one parsed line per entry. */
function captureLogger(level: LogLevel = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}

describe('logger', () => {
  it('prints [Redacted] for tickets, keys, secrets, passwords and authorization, top level and nested', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        userSig: 'eJw-ticket',
        usersig: 'eJw-ticket',
        ticket: 'eJw-ticket',
        secretKey: 'hex-key',
        key: 'hex-key',
        secret: 's',
        password: 'p',
        authorization: 'Bearer t',
        login: { userID: 'alice', userSig: 'eJw-nested' },
        request: { headers: { authorization: 'Bearer nested' }, body: { app: { secretKey: 'deep' } } },
        app: { sdkAppID: 1400000001, secretKey: 'nested-key' },
      },
      'login',
    );
    const text = lines.join('');
    for (const secret of [
      'eJw-ticket',
      'hex-key',
      'eJw-nested',
      'Bearer',
      'nested-key',
      'deep',
      '"s"',
      '"p"',
    ]) {
      expect(text).not.toContain(secret);
    }
    const line: unknown = JSON.parse(text);
    expect(line).toMatchObject({
      userSig: '[Redacted]',
      usersig: '[Redacted]',
      ticket: '[Redacted]',
      secretKey: '[Redacted]',
      key: '[Redacted]',
      secret: '[Redacted]',
      password: '[Redacted]',
      authorization: '[Redacted]',
      login: { userID: 'alice', userSig: '[Redacted]' },
      request: { headers: { authorization: '[Redacted]' }, body: { app: { secretKey: '[Redacted]' } } },
      app: { sdkAppID: 1400000001, secretKey: '[Redacted]' },
    });
  });

  it('logs request URLs without the usersig query parameter', () => {
    const { logger, lines } = captureLogger();
    logger.info({
      req: { method: 'POST', url: '/v4/im_open_login_svc/kick?sdkappid=1&usersig=eJw-x&random=2' },
    });
    expect(lines.join('')).not.toContain('eJw-x');
    expect(lines.join('')).toContain('usersig=[Redacted]');
  });

  it.each([
    'usersig=SECRET1',
    'UserSig=SECRET1',
    'USERSIG=SECRET1',
    'user%53ig=SECRET1',
    'sig=SECRET1',
    'token=SECRET1',
    'access_token=SECRET1',
    'key=SECRET1',
    'password=SECRET1',
  ])('keeps %j out of URLs and messages, after ? & or ;, at every level', (parameter) => {
    const { logger, lines } = captureLogger('trace');
    for (const separator of ['?', '&', ';']) {
      const url = `/v4/a/b?sdkappid=1${separator === '?' ? '' : `&identifier=admin${separator}`}${separator === '?' ? '&' : ''}${parameter}&random=7`;
      logger.trace({ req: { method: 'GET', url } }, 'incoming request');
      logger.debug({ url }, 'by hand');
      logger.info(`Route GET:${url} not found`);
      logger.error({ err: new Error(`failed on /x?${parameter}`) }, 'boom');
    }
    expect(lines.length).toBe(12);
    expect(lines.join('')).not.toContain('SECRET1');
  });

  it('keeps a member holding a ticket or key out at any depth and in any spelling', () => {
    const { logger, lines } = captureLogger('trace');
    logger.trace({
      a: { b: { c: { d: { e: { UserSig: 'SECRET2', SecretKey: 'SECRET3', Token: 'SECRET4' } } } } },
      frames: [{ data: { userSig: 'SECRET5' } }],
      note: TICKET,
    });
    const text = lines.join('');
    for (const secret of ['SECRET2', 'SECRET3', 'SECRET4', 'SECRET5', TICKET.slice(0, 40)]) {
      expect(text).not.toContain(secret);
    }
  });

  it('keeps readable what only looks like a secret name', () => {
    const { logger, lines } = captureLogger();
    logger.info({ instanceKey: 'i-1', orderKey: 'o-1', keyFile: '/data/default-app.json' }, 'design=ok');
    expect(JSON.parse(lines.join(''))).toMatchObject({
      instanceKey: 'i-1',
      orderKey: 'o-1',
      keyFile: '/data/default-app.json',
      msg: 'design=ok',
    });
  });

  it('never throws at the caller: a Buffer, a throwing getter or a raw packet at trace', () => {
    const { logger, lines } = captureLogger('trace');
    const parseError = Object.assign(new Error('Parse Error: Invalid header value char'), {
      code: 'HPE_INVALID_HEADER_TOKEN',
      rawPacket: Buffer.from('GET /?usersig=SECRET6 HTTP/1.1\r\n'),
    });
    expect(() => logger.trace({ err: parseError }, 'client error')).not.toThrow();
    expect(() =>
      logger.trace({ body: Buffer.from('{"userSig":"x"}'), nested: { buf: new Uint8Array(4) } }),
    ).not.toThrow();
    const hostile = {
      get boom(): string {
        throw new Error('getter exploded');
      },
    };
    expect(() => logger.info({ hostile }, 'hostile')).not.toThrow();
    expect(lines.join('')).not.toContain('SECRET6');
    expect(lines).toHaveLength(3);
  });

  describe('#redactUrl', () => {
    it.each([
      ['/healthz', '/healthz'],
      ['/v4/a/b?sdkappid=1&identifier=admin', '/v4/a/b?sdkappid=1&identifier=admin'],
      ['/v4/a/b?usersig=abc&random=1', '/v4/a/b?usersig=[Redacted]&random=1'],
      ['/v4/a/b?x=1;UserSig=abc', '/v4/a/b?x=1;UserSig=[Redacted]'],
      ['/v4/a/b?a=%zz&token=abc', '/v4/a/b?a=%zz&token=[Redacted]'],
    ])('turns %j into %j', (url, redacted) => {
      expect(redactUrl(url)).toBe(redacted);
    });
  });
});
