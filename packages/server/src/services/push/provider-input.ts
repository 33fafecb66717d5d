/**
 * An app's push provider as typed by an admin (the `parley app push add` flags or the console's
 * form), checked and turned into the stored record; and a record shown without its secrets. The
 * command line and the console both use these, so a provider is accepted or refused the same way
 * wherever it comes from.
 */
import type { FcmProviderConfig, PushProviderRecord } from '../../storage/push/types.js';

/** Largest key, certificate or service-account text accepted: they are a few kilobytes. */
export const MAX_PROVIDER_TEXT = 64 * 1024;

/** Largest business ID: ten digits, as Tencent's certificate IDs. */
export const MAX_BUSINESS_ID = 9_999_999_999;

/** What the admin gives; the texts are file contents (the `.p8` key, the service-account JSON). */
export interface ProviderInput {
  businessID: number;
  type: string;
  /** APNs: the PEM text of the `.p8` key. */
  key?: string | undefined;
  keyID?: string | undefined;
  teamID?: string | undefined;
  bundleID?: string | undefined;
  sandbox?: boolean | undefined;
  /** APNs and FCM: a base URL instead of the vendor's host. */
  endpoint?: string | undefined;
  /** APNs and FCM: extra PEM certificates to trust for the endpoint. */
  ca?: string | undefined;
  /** FCM: the service-account JSON text. */
  serviceAccount?: string | undefined;
  /** Webhook: where each push is POSTed. */
  url?: string | undefined;
}

export type ProviderField = keyof ProviderInput;

/** A refused input: which field, and what is wrong with it (never the field's value: it may be a secret). */
export class ProviderInputError extends Error {
  override readonly name = 'ProviderInputError';
  constructor(
    readonly field: ProviderField,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The fields each provider type takes, besides `businessID` and `type`. */
export const PROVIDER_FIELDS: Readonly<Record<PushProviderRecord['type'], readonly ProviderField[]>> = {
  apns: ['key', 'keyID', 'teamID', 'bundleID', 'sandbox', 'endpoint', 'ca'],
  fcm: ['serviceAccount', 'endpoint', 'ca'],
  webhook: ['url'],
};

export function isValidBusinessID(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= MAX_BUSINESS_ID;
}

/** Checks the input and builds the record to store; throws {@link ProviderInputError}. */
export function buildProviderRecord(sdkAppID: number, input: ProviderInput, now: number): PushProviderRecord {
  if (!isValidBusinessID(input.businessID))
    throw new ProviderInputError('businessID', `expected 0 to ${MAX_BUSINESS_ID}`);
  const type = input.type;
  if (type !== 'apns' && type !== 'fcm' && type !== 'webhook')
    throw new ProviderInputError('type', 'expected apns, fcm or webhook');
  const permitted = PROVIDER_FIELDS[type];
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined || field === 'businessID' || field === 'type') continue;
    if (!permitted.includes(field as ProviderField))
      throw new ProviderInputError(field as ProviderField, `does not apply to type ${type}`);
  }
  for (const field of ['key', 'ca', 'serviceAccount'] as const) {
    if ((input[field]?.length ?? 0) > MAX_PROVIDER_TEXT)
      throw new ProviderInputError(field, `too large (at most ${MAX_PROVIDER_TEXT} characters)`);
  }
  const endpoint = input.endpoint === undefined ? undefined : httpUrl(input.endpoint, 'endpoint');
  const ca = input.ca === undefined || input.ca === '' ? undefined : input.ca;
  if (ca !== undefined && !ca.includes('BEGIN CERTIFICATE'))
    throw new ProviderInputError('ca', 'not PEM certificates');
  const common = { sdkAppID, businessID: input.businessID, updatedAt: now };
  switch (type) {
    case 'apns': {
      const key = need(input.key, 'key');
      if (!key.includes('PRIVATE KEY')) throw new ProviderInputError('key', 'not a PEM private key (.p8)');
      return {
        ...common,
        type: 'apns',
        config: {
          key,
          keyID: identifier(input.keyID, 'keyID'),
          teamID: identifier(input.teamID, 'teamID'),
          bundleID: identifier(input.bundleID, 'bundleID'),
          sandbox: input.sandbox === true,
          ...(endpoint ? { endpoint } : {}),
          ...(ca ? { ca } : {}),
        },
      };
    }
    case 'fcm':
      return {
        ...common,
        type: 'fcm',
        config: {
          serviceAccount: parseServiceAccount(need(input.serviceAccount, 'serviceAccount')),
          ...(endpoint ? { endpoint } : {}),
          ...(ca ? { ca } : {}),
        },
      };
    case 'webhook':
      return { ...common, type: 'webhook', config: { url: httpUrl(need(input.url, 'url'), 'url') } };
  }
}

/**
 * A provider as the admin may see it: everything but the secrets (the APNs key, the service
 * account's private key, the extra CA), with `secretSet` saying the secret is stored.
 */
export function presentProvider(record: PushProviderRecord): Record<string, unknown> {
  const base = {
    businessID: record.businessID,
    type: record.type,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
  switch (record.type) {
    case 'apns': {
      const { key, ca, ...rest } = record.config;
      return { ...base, ...rest, secretSet: key !== '', ...(ca ? { ca: 'set' } : {}) };
    }
    case 'fcm': {
      const { serviceAccount, ca, endpoint } = record.config;
      return {
        ...base,
        projectID: serviceAccount.project_id,
        clientEmail: serviceAccount.client_email,
        tokenURI: serviceAccount.token_uri,
        secretSet: serviceAccount.private_key !== '',
        ...(endpoint ? { endpoint } : {}),
        ...(ca ? { ca: 'set' } : {}),
      };
    }
    case 'webhook':
      return { ...base, url: record.config.url };
  }
}

function need(value: string | undefined, field: ProviderField): string {
  if (value === undefined || value === '') throw new ProviderInputError(field, 'required');
  return value;
}

function parseServiceAccount(text: string): FcmProviderConfig['serviceAccount'] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProviderInputError('serviceAccount', 'not JSON');
  }
  if (typeof value !== 'object' || value === null)
    throw new ProviderInputError('serviceAccount', 'not a JSON object');
  const account = value as Record<string, unknown>;
  const field = (name: string): string => {
    const item = account[name];
    if (typeof item !== 'string' || item === '') throw new ProviderInputError('serviceAccount', `no ${name}`);
    return item;
  };
  const checked = {
    project_id: field('project_id'),
    client_email: field('client_email'),
    private_key: field('private_key'),
    token_uri: field('token_uri'),
  };
  if (!isHttpUrl(checked.token_uri))
    throw new ProviderInputError('serviceAccount', 'token_uri: expected an http(s) URL');
  return checked;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function httpUrl(text: string, field: ProviderField): string {
  if (text.length <= 2048 && isHttpUrl(text)) return text;
  throw new ProviderInputError(field, 'expected an http(s) URL');
}

function identifier(text: string | undefined, field: ProviderField): string {
  const value = need(text, field);
  if (/^[A-Za-z0-9._-]{1,200}$/.test(value)) return value;
  throw new ProviderInputError(field, 'expected letters, digits, ".", "_" or "-" (at most 200)');
}
