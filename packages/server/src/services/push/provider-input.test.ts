import { describe, expect, it } from 'vitest';
import { buildProviderRecord, ProviderInputError, presentProvider } from './provider-input.js';

const KEY =
  '-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg\n-----END PRIVATE KEY-----\n';
const ACCOUNT = JSON.stringify({
  project_id: 'p',
  client_email: 'sa@p.example',
  private_key: KEY,
  token_uri: 'https://oauth2.example/token',
});

function refusal(input: Parameters<typeof buildProviderRecord>[1]): [string, string] {
  try {
    buildProviderRecord(1, input, 0);
  } catch (error) {
    if (error instanceof ProviderInputError) return [error.field, error.problem];
    throw error;
  }
  throw new Error('accepted');
}

describe('push provider input', () => {
  it('builds each type, leaving out optional fields not given', () => {
    expect(
      buildProviderRecord(
        1,
        { businessID: 5, type: 'apns', key: KEY, keyID: 'K', teamID: 'T', bundleID: 'b.c' },
        9,
      ),
    ).toEqual({
      sdkAppID: 1,
      businessID: 5,
      updatedAt: 9,
      type: 'apns',
      config: { key: KEY, keyID: 'K', teamID: 'T', bundleID: 'b.c', sandbox: false },
    });
    expect(
      buildProviderRecord(1, { businessID: 6, type: 'fcm', serviceAccount: ACCOUNT }, 9).config,
    ).toMatchObject({
      serviceAccount: { project_id: 'p', token_uri: 'https://oauth2.example/token' },
    });
    expect(buildProviderRecord(1, { businessID: 0, type: 'webhook', url: 'http://gw/x' }, 9).config).toEqual({
      url: 'http://gw/x',
    });
  });

  it('names the field and the problem, never the value', () => {
    expect(refusal({ businessID: 2 ** 40, type: 'webhook', url: 'http://x' })[0]).toBe('businessID');
    expect(refusal({ businessID: 1, type: 'webhook' })).toEqual(['url', 'required']);
    expect(refusal({ businessID: 1, type: 'fcm', serviceAccount: ACCOUNT, keyID: 'K' })).toEqual([
      'keyID',
      'does not apply to type fcm',
    ]);
    expect(
      refusal({ businessID: 1, type: 'apns', key: KEY, keyID: 'K', teamID: 'T', bundleID: 'a b' })[0],
    ).toBe('bundleID');
    expect(
      refusal({ businessID: 1, type: 'apns', key: 'secret-ish', keyID: 'K', teamID: 'T', bundleID: 'b' }),
    ).toEqual(['key', 'not a PEM private key (.p8)']);
    expect(refusal({ businessID: 1, type: 'webhook', url: 'http://x', endpoint: 'http://y' })[0]).toBe(
      'endpoint',
    );
  });

  it('shows a provider without its secrets', () => {
    const apns = buildProviderRecord(
      1,
      { businessID: 5, type: 'apns', key: KEY, keyID: 'K', teamID: 'T', bundleID: 'b' },
      0,
    );
    const fcm = buildProviderRecord(1, { businessID: 6, type: 'fcm', serviceAccount: ACCOUNT }, 0);
    const shown = JSON.stringify([presentProvider(apns), presentProvider(fcm)]);
    expect(shown).not.toContain('PRIVATE KEY');
    expect(presentProvider(fcm)).toMatchObject({
      projectID: 'p',
      clientEmail: 'sa@p.example',
      secretSet: true,
    });
  });
});
