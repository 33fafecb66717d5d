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

  it('reads the recall window, the callback budget and fail-open from flags or variables', () => {
    expect(
      loadServerConfig(
        {},
        {
          PARLEY_REVOKE_WINDOW_SECONDS: '300',
          PARLEY_CALLBACK_TIMEOUT_MS: '500',
          PARLEY_CALLBACK_FAIL_OPEN: 'false',
        },
      ).messages,
    ).toEqual({ revokeWindowSeconds: 300, beforeSendTimeoutMs: 500, beforeSendFailOpen: false });
    expect(loadServerConfig({ 'revoke-window': '0' }, {}).messages).toEqual({
      ...DEFAULT_MESSAGES_CONFIG,
      revokeWindowSeconds: 0,
    });
  });

  it('names the flag of a bad value', () => {
    expect(() => loadServerConfig({ 'revoke-window': 'soon' }, {})).toThrow(ConfigError);
    expect(() => loadServerConfig({}, { PARLEY_CALLBACK_FAIL_OPEN: 'maybe' })).toThrow(
      /PARLEY_CALLBACK_FAIL_OPEN/,
    );
  });
});
