import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_GATEWAY_CONFIG,
  databaseFromText,
  loadDatabaseConfig,
  loadServerConfig,
} from './config.js';

describe('configuration', () => {
  describe('#loadServerConfig', () => {
    it('uses the documented defaults when nothing is given', () => {
      expect(loadServerConfig({}, {})).toEqual({
        host: '127.0.0.1',
        port: 8080,
        dataDir: resolve('data'),
        db: { kind: 'sqlite', path: resolve('data', 'parley.db') },
        demo: false,
        logLevel: 'info',
        gateway: {
          heartbeatIntervalMs: 30_000,
          heartbeatTimeoutMs: 90_000,
          maxFrameBytes: 1_048_576,
          loginTimeoutMs: 10_000,
          maxUserSigLifetimeSeconds: 1_576_800_000,
          loginFailureLimit: 5,
          maxConnections: 50_000,
          maxConnectionsPerAddress: 1_000,
        },
        http: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 },
      });
    });

    it.each([
      [{ demo: true, host: '0.0.0.0' }, {}],
      [{ demo: true }, { PARLEY_HOST: '192.168.1.20' }],
      [{}, { PARLEY_DEMO: 'true', PARLEY_HOST: '::' }],
      [{ demo: true, host: 'chat.example.com' }, {}],
    ])('refuses demo mode on a host others can reach: %j %j', (flags, env) => {
      expect(() => loadServerConfig(flags, env)).toThrow('--demo-allow-remote');
    });

    it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'app.localhost'])(
      'allows demo mode on the loopback host %s',
      (host) => {
        expect(loadServerConfig({ demo: true, host }, {}).demo).toBe(true);
      },
    );

    it('allows demo mode on any host with --demo-allow-remote', () => {
      expect(loadServerConfig({ demo: true, host: '0.0.0.0', 'demo-allow-remote': true }, {})).toMatchObject({
        demo: true,
        demoAllowRemote: true,
      });
    });

    it('reads the HTTP time bounds, and refuses a headers timeout above the request timeout', () => {
      expect(
        loadServerConfig(
          { 'headers-timeout': '2000', 'request-timeout': '4000' },
          { PARLEY_KEEP_ALIVE_TIMEOUT_MS: '1000' },
        ).http,
      ).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1000 });
      expect(() => loadServerConfig({ 'headers-timeout': '5000', 'request-timeout': '4000' }, {})).toThrow(
        'expected at most the request timeout 4000',
      );
    });

    it('reads every setting from its environment variable', () => {
      const config = loadServerConfig(
        {},
        {
          PARLEY_HOST: '0.0.0.0',
          PARLEY_PORT: '0',
          PARLEY_DATA_DIR: '/srv/parley',
          PARLEY_DB: 'sqlite:/var/lib/parley.db',
          PARLEY_DEMO: 'true',
          PARLEY_DEMO_ALLOW_REMOTE: 'yes',
          PARLEY_LOG_LEVEL: 'debug',
          PARLEY_HEARTBEAT_INTERVAL_MS: '1000',
          PARLEY_HEARTBEAT_TIMEOUT_MS: '3000',
          PARLEY_MAX_FRAME_BYTES: '2048',
          PARLEY_LOGIN_TIMEOUT_MS: '500',
          PARLEY_MAX_USERSIG_LIFETIME: '86400',
          PARLEY_LOGIN_FAILURE_LIMIT: '3',
          PARLEY_MAX_CONNECTIONS: '200',
          PARLEY_MAX_CONNECTIONS_PER_ADDRESS: '20',
        },
      );
      expect(config).toMatchObject({
        host: '0.0.0.0',
        port: 0,
        dataDir: '/srv/parley',
        db: { kind: 'sqlite', path: '/var/lib/parley.db' },
        demo: true,
        demoAllowRemote: true,
        logLevel: 'debug',
        gateway: {
          heartbeatIntervalMs: 1000,
          heartbeatTimeoutMs: 3000,
          maxFrameBytes: 2048,
          loginTimeoutMs: 500,
          maxUserSigLifetimeSeconds: 86400,
          loginFailureLimit: 3,
          maxConnections: 200,
          maxConnectionsPerAddress: 20,
        },
      });
    });

    it('lets a flag win over its environment variable', () => {
      const config = loadServerConfig(
        { port: '9000', demo: true },
        { PARLEY_PORT: 'not even a number', PARLEY_DEMO: '0' },
      );
      expect(config.port).toBe(9000);
      expect(config.demo).toBe(true);
    });

    it('treats an empty variable as unset', () => {
      expect(loadServerConfig({}, { PARLEY_PORT: '' }).port).toBe(8080);
    });

    it.each([
      [{ port: '65536' }, {}, 'invalid --port "65536": expected an integer from 0 to 65535'],
      [{}, { PARLEY_PORT: '-1' }, 'invalid PARLEY_PORT "-1": expected an integer from 0 to 65535'],
      [{ 'log-level': 'loud' }, {}, 'invalid --log-level "loud": expected one of fatal, error, warn, info'],
      [{ redis: 'http://x' }, {}, 'invalid --redis "http://x": expected a redis:// or rediss:// URL'],
      [{ 'max-frame-bytes': '10' }, {}, 'invalid --max-frame-bytes "10": expected an integer from 1024'],
      [{ 'max-connections': '0' }, {}, 'invalid --max-connections "0": expected an integer from 1'],
      [
        {},
        { PARLEY_MAX_CONNECTIONS_PER_ADDRESS: 'lots' },
        'invalid PARLEY_MAX_CONNECTIONS_PER_ADDRESS "lots": expected an integer from 1',
      ],
      [{}, { PARLEY_DEMO: 'maybe' }, 'invalid PARLEY_DEMO "maybe": expected true or false'],
      [
        { 'heartbeat-interval': '5000', 'heartbeat-timeout': '4000' },
        {},
        'expected more than the heartbeat interval',
      ],
    ])('refuses %j %j with a message naming the source', (flags, env, message) => {
      expect(() => loadServerConfig(flags, env)).toThrow(ConfigError);
      expect(() => loadServerConfig(flags, env)).toThrow(message);
    });

    it('keeps the redis URL for cluster mode', () => {
      expect(loadServerConfig({ redis: 'redis://localhost:6379' }, {}).redisUrl).toBe(
        'redis://localhost:6379',
      );
    });

    it('reads the cluster settings from flags or their variables', () => {
      expect(
        loadServerConfig(
          { redis: 'redis://r:6379', workers: '4' },
          { PARLEY_REDIS_PREFIX: 'chat-eu', PARLEY_PRESENCE_TTL_MS: '5000' },
        ),
      ).toMatchObject({
        redisUrl: 'redis://r:6379',
        redisPrefix: 'chat-eu',
        presenceTtlMs: 5000,
        workers: 4,
      });
    });

    it.each([
      [{ workers: '2' }, {}, '--workers 2 (PARLEY_WORKERS) needs cluster mode'],
      [{}, { PARLEY_WORKERS: '3' }, '--workers 3 (PARLEY_WORKERS) needs cluster mode'],
      [{ redis: 'redis://r', workers: '0' }, {}, 'invalid --workers "0": expected an integer from 1 to 256'],
      [{ redis: 'redis://r', 'redis-prefix': 'a b' }, {}, 'invalid --redis-prefix "a b"'],
      [{ db: 'postgres://h/db?schema=No-Caps' }, {}, 'invalid --db (or PARLEY_DB): the schema "No-Caps"'],
    ])('refuses cluster settings %j %j that break their rule', (flags, env, message) => {
      expect(() => loadServerConfig(flags, env)).toThrow(ConfigError);
      expect(() => loadServerConfig(flags, env)).toThrow(message);
    });

    it('keeps a PostgreSQL URL with its schema parameter', () => {
      expect(loadServerConfig({ db: 'postgres://u@h:5432/db?schema=parley_eu' }, {}).db).toEqual({
        kind: 'postgres',
        url: 'postgres://u@h:5432/db?schema=parley_eu',
      });
    });

    it('starts the default gateway settings from one constant', () => {
      expect(loadServerConfig({}, {}).gateway).toEqual(DEFAULT_GATEWAY_CONFIG);
    });
  });

  describe('the environment app', () => {
    it('is read from PARLEY_SDKAPPID, PARLEY_SECRET_KEY and the setting variables', () => {
      const config = loadServerConfig(
        {},
        {
          PARLEY_SDKAPPID: '1400000999',
          PARLEY_SECRET_KEY: 'secret',
          PARLEY_LOGIN_POLICY: 'triple',
          PARLEY_MAX_WEB_INSTANCES: '10',
          PARLEY_MAX_INSTANCES_PER_PLATFORM: '3',
          PARLEY_CALLBACK_URL: 'none',
          PARLEY_RETENTION_DAYS: '30',
          PARLEY_RECALL_WINDOW_SECONDS: '0',
          PARLEY_MAX_MESSAGE_BYTES: '65536',
        },
      );
      expect(config.envApp).toEqual({
        sdkAppID: 1_400_000_999,
        secretKey: 'secret',
        admin: 'administrator',
        loginPolicy: 'triple',
        maxWebInstances: 10,
        maxInstancesPerPlatform: 3,
        callbackUrl: null,
        messageRetentionDays: 30,
        revokeWindowSeconds: 0,
        maxMessageBodyBytes: 65_536,
      });
    });

    it('is absent when no variable names it', () => {
      expect(loadServerConfig({}, {}).envApp).toBeUndefined();
    });

    it.each([
      [{ PARLEY_SDKAPPID: '1' }, 'PARLEY_SECRET_KEY is not'],
      [{ PARLEY_SECRET_KEY: 'k' }, 'PARLEY_SDKAPPID is not'],
      [{ PARLEY_LOGIN_POLICY: 'single' }, 'PARLEY_LOGIN_POLICY is set, but PARLEY_SDKAPPID is not'],
      [{ PARLEY_SDKAPPID: 'abc', PARLEY_SECRET_KEY: 'k' }, 'invalid PARLEY_SDKAPPID "abc"'],
      [
        { PARLEY_SDKAPPID: '1', PARLEY_SECRET_KEY: 'k', PARLEY_ADMIN: 'x'.repeat(33) },
        'invalid PARLEY_ADMIN',
      ],
      [
        { PARLEY_SDKAPPID: '1', PARLEY_SECRET_KEY: 'k', PARLEY_MAX_WEB_INSTANCES: '11' },
        'invalid PARLEY_MAX_WEB_INSTANCES "11": expected an integer from 1 to 10',
      ],
      [
        { PARLEY_SDKAPPID: '1', PARLEY_SECRET_KEY: 'k', PARLEY_CALLBACK_URL: 'ftp://x' },
        'invalid PARLEY_CALLBACK_URL "ftp://x": expected an http:// or https:// URL, or none',
      ],
      [{ PARLEY_RETENTION_DAYS: '30' }, 'PARLEY_RETENTION_DAYS is set, but PARLEY_SDKAPPID is not'],
      [
        { PARLEY_SDKAPPID: '1', PARLEY_SECRET_KEY: 'k', PARLEY_RETENTION_DAYS: '3651' },
        'invalid PARLEY_RETENTION_DAYS "3651": expected an integer from 1 to 3650 (days)',
      ],
      [
        { PARLEY_SDKAPPID: '1', PARLEY_SECRET_KEY: 'k', PARLEY_RECALL_WINDOW_SECONDS: '-1' },
        'invalid PARLEY_RECALL_WINDOW_SECONDS "-1": expected an integer from 0 to 604800 (seconds)',
      ],
      [
        { PARLEY_SDKAPPID: '1', PARLEY_SECRET_KEY: 'k', PARLEY_MAX_MESSAGE_BYTES: '12KB' },
        'invalid PARLEY_MAX_MESSAGE_BYTES "12KB": expected an integer from 1 to 65536 (bytes)',
      ],
    ])('refuses %j', (env, message) => {
      expect(() => loadServerConfig({}, env)).toThrow(message);
    });

    it('never shows the value of a refused PARLEY_SECRET_KEY', () => {
      const key = `my-real-key-${'\u0001'}`;
      expect(() => loadServerConfig({}, { PARLEY_SDKAPPID: '1', PARLEY_SECRET_KEY: key })).toThrow(
        'invalid PARLEY_SECRET_KEY (value not shown, 13 characters): expected',
      );
      expect(() => loadServerConfig({}, { PARLEY_SDKAPPID: '1', PARLEY_SECRET_KEY: key })).not.toThrow(
        'my-real-key',
      );
    });

    it('masks the credentials of a refused callback URL', () => {
      const env = {
        PARLEY_SDKAPPID: '1',
        PARLEY_SECRET_KEY: 'k',
        PARLEY_CALLBACK_URL: 'ftp://u:hunter2@x/cb',
      };
      expect(() => loadServerConfig({}, env)).toThrow('invalid PARLEY_CALLBACK_URL "ftp://***@x/cb"');
    });
  });

  describe('a refused Redis URL', () => {
    it.each([
      ['http://user:hunter2@r:6379', '"http://***@r:6379"'],
      ['redis://:hunter2@r:6379 extra', '"redis://***@r:6379 extra"'],
      ['redis://u:p@ss:hunter2@r x', '"redis://***@r x"'],
    ])('%j is shown without its password', (url, shown) => {
      expect(() => loadServerConfig({ redis: url }, {})).toThrow(`invalid --redis ${shown}`);
      expect(() => loadServerConfig({}, { PARLEY_REDIS_URL: url })).not.toThrow('hunter2');
    });
  });

  describe('#databaseFromText', () => {
    it.each([
      [undefined, { kind: 'sqlite', path: resolve('/d', 'parley.db') }],
      ['sqlite:/tmp/x.db', { kind: 'sqlite', path: '/tmp/x.db' }],
      ['/tmp/y.db', { kind: 'sqlite', path: '/tmp/y.db' }],
      ['relative.db', { kind: 'sqlite', path: resolve('relative.db') }],
      ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
      ['postgres://u:p@h:5432/db', { kind: 'postgres', url: 'postgres://u:p@h:5432/db' }],
      ['postgresql://h/db', { kind: 'postgres', url: 'postgresql://h/db' }],
    ])('reads %j', (text, config) => {
      expect(databaseFromText(text, '/d')).toEqual(config);
    });
  });

  describe('#loadDatabaseConfig', () => {
    it('ignores settings other commands do not need', () => {
      expect(loadDatabaseConfig({ 'data-dir': '/x' }, { PARLEY_PORT: 'junk' })).toEqual({
        dataDir: '/x',
        db: { kind: 'sqlite', path: '/x/parley.db' },
      });
    });
  });
});
