/**
 * `parley app push add|list|remove`: an app's offline push providers, by `businessID`, written
 * straight to the database. Secrets (the `.p8` key, the service account's private key) are stored
 * like the app key and never printed; a running server picks a change up within 5 seconds.
 */
import { readFile } from 'node:fs/promises';
import { loadDatabaseConfig } from '../config.js';
import { isValidSdkAppID, SDK_APP_ID_RULE } from '../storage/app-settings.js';
import { openStorage } from '../storage/database.js';
import type { FcmProviderConfig, PushProviderRecord } from '../storage/push/types.js';
import { DATABASE_OPTIONS, expectPositionals, HELP_OPTION, parseFlags, required } from './flags.js';
import { CommandError, type CommandIO, ExitCode } from './io.js';
import { USAGE } from './usage.js';

const PUSH_OPTIONS = {
  ...HELP_OPTION,
  ...DATABASE_OPTIONS,
  json: { type: 'boolean' },
  'business-id': { type: 'string' },
  type: { type: 'string' },
  'key-file': { type: 'string' },
  'key-id': { type: 'string' },
  'team-id': { type: 'string' },
  'bundle-id': { type: 'string' },
  sandbox: { type: 'boolean' },
  endpoint: { type: 'string' },
  'ca-file': { type: 'string' },
  'service-account': { type: 'string' },
  url: { type: 'string' },
} as const;

type PushFlags = ReturnType<typeof parseFlags<typeof PUSH_OPTIONS>>['values'];

/** Largest key, certificate or service-account file read: they are a few kilobytes. */
const MAX_FILE_BYTES = 64 * 1024;

export async function appPushCommand(args: readonly string[], io: CommandIO): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, PUSH_OPTIONS, 'app');
  const [action, operand, ...rest] = positionals;
  if (values.help || action === undefined) {
    (values.help ? io.stdout : io.stderr)(`${USAGE.app}\n`);
    return values.help ? ExitCode.OK : ExitCode.USAGE;
  }
  expectPositionals(rest, 0, 'app');
  if (action !== 'add' && action !== 'list' && action !== 'remove')
    throw new CommandError(`unknown app push command ${JSON.stringify(action)}`, ExitCode.USAGE, 'app');
  const sdkAppID = parseSdkAppID(operand);
  // Everything is read and checked before the database is opened: a typo never touches the data.
  const record = action === 'add' ? await readProvider(sdkAppID, values) : undefined;
  const businessID = action === 'remove' ? parseBusinessID(values['business-id']) : undefined;
  const { db } = loadDatabaseConfig(values, io.env);
  const storage = await openStorage(db);
  try {
    if ((await storage.apps.get(sdkAppID)) === undefined)
      throw new CommandError(`app ${sdkAppID} not found (see "parley app list")`, ExitCode.FAILED);
    if (record) {
      await storage.push.putProvider(record);
      io.stdout(`${JSON.stringify(present(record), null, 2)}\n`);
    } else if (businessID !== undefined) {
      if (!(await storage.push.removeProvider(sdkAppID, businessID)))
        throw new CommandError(`app ${sdkAppID} has no push provider ${businessID}`, ExitCode.FAILED);
      io.stdout(`removed push provider ${businessID}\n`);
    } else {
      const providers = await storage.push.listProviders(sdkAppID);
      if (values.json) for (const p of providers) io.stdout(`${JSON.stringify(present(p))}\n`);
      else io.stdout(table(providers));
    }
    return ExitCode.OK;
  } finally {
    await storage.close();
  }
}

async function readProvider(sdkAppID: number, values: PushFlags): Promise<PushProviderRecord> {
  const businessID = parseBusinessID(values['business-id']);
  const type = required(values.type, 'type', 'app');
  const endpoint = values.endpoint === undefined ? undefined : parseUrl(values.endpoint, '--endpoint');
  const ca = values['ca-file'] === undefined ? undefined : await readSmall(values['ca-file'], '--ca-file');
  const common = { sdkAppID, businessID, updatedAt: Date.now() };
  const allowed: Record<string, readonly string[]> = {
    apns: ['key-file', 'key-id', 'team-id', 'bundle-id', 'sandbox', 'endpoint', 'ca-file'],
    fcm: ['service-account', 'endpoint', 'ca-file'],
    webhook: ['url'],
  };
  const permitted = allowed[type];
  if (permitted === undefined)
    throw new CommandError(
      `invalid --type ${JSON.stringify(type)}: expected apns, fcm or webhook`,
      ExitCode.USAGE,
      'app',
    );
  for (const [flag, value] of Object.entries(values)) {
    if (value === undefined || ['help', 'db', 'data-dir', 'business-id', 'type', 'json'].includes(flag))
      continue;
    if (!permitted.includes(flag))
      throw new CommandError(`--${flag} does not apply to --type ${type}`, ExitCode.USAGE, 'app');
  }
  switch (type) {
    case 'apns': {
      const key = await readSmall(required(values['key-file'], 'key-file', 'app'), '--key-file');
      if (!key.includes('PRIVATE KEY'))
        throw new CommandError('--key-file: not a PEM private key (.p8)', ExitCode.USAGE, 'app');
      return {
        ...common,
        type: 'apns',
        config: {
          key,
          keyID: identifier(required(values['key-id'], 'key-id', 'app'), '--key-id'),
          teamID: identifier(required(values['team-id'], 'team-id', 'app'), '--team-id'),
          bundleID: identifier(required(values['bundle-id'], 'bundle-id', 'app'), '--bundle-id'),
          sandbox: values.sandbox === true,
          ...(endpoint ? { endpoint } : {}),
          ...(ca ? { ca } : {}),
        },
      };
    }
    case 'fcm': {
      const file = required(values['service-account'], 'service-account', 'app');
      return {
        ...common,
        type: 'fcm',
        config: {
          serviceAccount: parseServiceAccount(await readSmall(file, '--service-account')),
          ...(endpoint ? { endpoint } : {}),
          ...(ca ? { ca } : {}),
        },
      };
    }
    default:
      return {
        ...common,
        type: 'webhook',
        config: { url: parseUrl(required(values.url, 'url', 'app'), '--url') },
      };
  }
}

function parseServiceAccount(text: string): FcmProviderConfig['serviceAccount'] {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CommandError('--service-account: not JSON', ExitCode.USAGE, 'app');
  }
  const field = (name: string): string => {
    const item = value[name];
    if (typeof item !== 'string' || item === '')
      throw new CommandError(`--service-account: no ${name}`, ExitCode.USAGE, 'app');
    return item;
  };
  return {
    project_id: field('project_id'),
    client_email: field('client_email'),
    private_key: field('private_key'),
    token_uri: parseUrl(field('token_uri'), '--service-account token_uri'),
  };
}

async function readSmall(path: string, flag: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CommandError(
      `${flag}: cannot read ${path}: ${(error as Error).message}`,
      ExitCode.USAGE,
      'app',
    );
  }
  if (text.length > MAX_FILE_BYTES)
    throw new CommandError(`${flag}: ${path} is too large`, ExitCode.USAGE, 'app');
  return text;
}

function parseUrl(text: string, flag: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return text;
  } catch {}
  throw new CommandError(
    `invalid ${flag} ${JSON.stringify(text)}: expected an http(s) URL`,
    ExitCode.USAGE,
    'app',
  );
}

function identifier(text: string, flag: string): string {
  if (/^[A-Za-z0-9._-]{1,200}$/.test(text)) return text;
  throw new CommandError(`invalid ${flag} ${JSON.stringify(text)}`, ExitCode.USAGE, 'app');
}

function parseSdkAppID(text: string | undefined): number {
  if (text === undefined) throw new CommandError('missing the SDKAppID', ExitCode.USAGE, 'app');
  const sdkAppID = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isValidSdkAppID(sdkAppID))
    throw new CommandError(
      `invalid SDKAppID ${JSON.stringify(text)}: expected ${SDK_APP_ID_RULE}`,
      ExitCode.USAGE,
    );
  return sdkAppID;
}

function parseBusinessID(text: string | undefined): number {
  const value = required(text, 'business-id', 'app');
  const businessID = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(businessID) || businessID < 0)
    throw new CommandError(
      `invalid --business-id ${JSON.stringify(value)}: expected 0 to 9999999999`,
      ExitCode.USAGE,
    );
  return businessID;
}

/** A provider without its secrets. */
function present(record: PushProviderRecord): Record<string, unknown> {
  const base = {
    businessID: record.businessID,
    type: record.type,
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
  switch (record.type) {
    case 'apns': {
      const { key: _key, ca, ...rest } = record.config;
      return { ...base, ...rest, ...(ca ? { ca: 'set' } : {}) };
    }
    case 'fcm': {
      const { serviceAccount, ca, endpoint } = record.config;
      return {
        ...base,
        projectID: serviceAccount.project_id,
        clientEmail: serviceAccount.client_email,
        tokenURI: serviceAccount.token_uri,
        ...(endpoint ? { endpoint } : {}),
        ...(ca ? { ca: 'set' } : {}),
      };
    }
    case 'webhook':
      return { ...base, url: record.config.url };
  }
}

function table(providers: readonly PushProviderRecord[]): string {
  if (providers.length === 0) return 'no push providers\n';
  return providers
    .map((p) => {
      const target =
        p.type === 'apns'
          ? `${p.config.bundleID} ${p.config.sandbox ? 'sandbox' : 'production'}`
          : p.type === 'fcm'
            ? p.config.serviceAccount.project_id
            : p.config.url;
      return `${p.businessID}\t${p.type}\t${target}\n`;
    })
    .join('');
}
