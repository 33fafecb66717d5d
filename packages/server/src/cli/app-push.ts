/**
 * `parley app push add|list|remove`: an app's offline push providers, by `businessID`, written
 * straight to the database. Secrets (the `.p8` key, the service account's private key) are stored
 * like the app key and never printed; a running server picks a change up within 5 seconds.
 */
import { readFile } from 'node:fs/promises';
import { loadDatabaseConfig } from '../config.js';
import {
  buildProviderRecord,
  isValidBusinessID,
  MAX_PROVIDER_TEXT,
  type ProviderField,
  ProviderInputError,
  presentProvider,
} from '../services/push/provider-input.js';
import { isValidSdkAppID, SDK_APP_ID_RULE } from '../storage/app-settings.js';
import { openStorage } from '../storage/database.js';
import type { PushProviderRecord } from '../storage/push/types.js';
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
      io.stdout(`${JSON.stringify(presentProvider(record), null, 2)}\n`);
    } else if (businessID !== undefined) {
      if (!(await storage.push.removeProvider(sdkAppID, businessID)))
        throw new CommandError(`app ${sdkAppID} has no push provider ${businessID}`, ExitCode.FAILED);
      io.stdout(`removed push provider ${businessID}\n`);
    } else {
      const providers = await storage.push.listProviders(sdkAppID);
      if (values.json) for (const p of providers) io.stdout(`${JSON.stringify(presentProvider(p))}\n`);
      else io.stdout(table(providers));
    }
    return ExitCode.OK;
  } finally {
    await storage.close();
  }
}

/** The flag each input field comes from, for the command line's messages. */
const FLAG_OF: Readonly<Record<ProviderField, string>> = {
  businessID: 'business-id',
  type: 'type',
  key: 'key-file',
  keyID: 'key-id',
  teamID: 'team-id',
  bundleID: 'bundle-id',
  sandbox: 'sandbox',
  endpoint: 'endpoint',
  ca: 'ca-file',
  serviceAccount: 'service-account',
  url: 'url',
};

async function readProvider(sdkAppID: number, values: PushFlags): Promise<PushProviderRecord> {
  const businessID = parseBusinessID(values['business-id']);
  const type = required(values.type, 'type', 'app');
  const file = async (flag: 'key-file' | 'ca-file' | 'service-account') => {
    const path = values[flag];
    return path === undefined ? undefined : readSmall(path, `--${flag}`);
  };
  try {
    return buildProviderRecord(
      sdkAppID,
      {
        businessID,
        type,
        key: await file('key-file'),
        keyID: values['key-id'],
        teamID: values['team-id'],
        bundleID: values['bundle-id'],
        sandbox: values.sandbox,
        endpoint: values.endpoint,
        ca: await file('ca-file'),
        serviceAccount: await file('service-account'),
        url: values.url,
      },
      Date.now(),
    );
  } catch (error) {
    if (!(error instanceof ProviderInputError)) throw error;
    throw new CommandError(`--${FLAG_OF[error.field]}: ${error.problem}`, ExitCode.USAGE, 'app');
  }
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
  if (text.length > MAX_PROVIDER_TEXT)
    throw new CommandError(`${flag}: ${path} is too large`, ExitCode.USAGE, 'app');
  return text;
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
  if (!isValidBusinessID(businessID))
    throw new CommandError(
      `invalid --business-id ${JSON.stringify(value)}: expected 0 to 9999999999`,
      ExitCode.USAGE,
    );
  return businessID;
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
