import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

/** A logger that writes into an array, one parsed line per entry. */
function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
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
    expect(lines.join('')).toContain('usersig=%5BRedacted%5D');
  });

  describe('#redactUrl', () => {
    it.each([
      ['/healthz', '/healthz'],
      ['/v4/a/b?sdkappid=1&identifier=admin', '/v4/a/b?sdkappid=1&identifier=admin'],
      ['/v4/a/b?usersig=abc&random=1', '/v4/a/b?usersig=%5BRedacted%5D&random=1'],
    ])('turns %j into %j', (url, redacted) => {
      expect(redactUrl(url)).toBe(redacted);
    });
  });
});
