import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_MESSAGES_CONFIG, loadServerConfig } from './config.js';

describe('messaging configuration', () => {
  it('is absent (the defaults apply) when no messaging setting is given', () => {
    expect(loadServerConfig({}, {}).messages).toBeUndefined();
    expect(DEFAULT_MESSAGES_CONFIG).toEqual({
      revokeWindowSeconds: 120,
      beforeSendTimeoutMs: 2000,
      beforeSendFailOpen: true,
    });
  });

  it('reads the callback budget and fail-open from flags or variables', () => {
    expect(
      loadServerConfig({}, { PARLEY_CALLBACK_TIMEOUT_MS: '500', PARLEY_CALLBACK_FAIL_OPEN: 'false' })
        .messages,
    ).toEqual({ revokeWindowSeconds: 120, beforeSendTimeoutMs: 500, beforeSendFailOpen: false });
    expect(loadServerConfig({ 'callback-timeout': '50' }, {}).messages).toEqual({
      ...DEFAULT_MESSAGES_CONFIG,
      beforeSendTimeoutMs: 50,
    });
  });

  it.each([
    [{ 'revoke-window': '300' }, {}],
    [{}, { PARLEY_REVOKE_WINDOW_SECONDS: '0' }],
  ])('ignores the deprecated recall window %j %j and says what replaces it', (flags, env) => {
    const config = loadServerConfig(flags, env);
    expect(config.messages).toBeUndefined();
    expect(config.deprecations).toEqual([
      expect.stringMatching(
        /^--revoke-window \(PARLEY_REVOKE_WINDOW_SECONDS\) is deprecated and ignored: .*parley app set <SDKAppID> --recall-window \d+/,
      ),
    ]);
  });

  it('has nothing deprecated to report when no deprecated setting is given', () => {
    expect(loadServerConfig({}, {}).deprecations).toBeUndefined();
  });

  it('names the flag of a bad value', () => {
    expect(() => loadServerConfig({ 'revoke-window': 'soon' }, {})).toThrow(ConfigError);
    expect(() => loadServerConfig({}, { PARLEY_CALLBACK_FAIL_OPEN: 'maybe' })).toThrow(
      /PARLEY_CALLBACK_FAIL_OPEN/,
    );
  });
});
