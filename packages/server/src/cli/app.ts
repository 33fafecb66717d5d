import { loadDatabaseConfig } from '../config.js';
import {
  APP_SETTING_RULES,
  appSettingFromText,
  checkAppSettings,
  isValidSdkAppID,
  SDK_APP_ID_RULE,
} from '../storage/app-settings.js';
import { openStorage } from '../storage/database.js';
import type { AppRecord, AppSettings, Storage } from '../storage/types.js';
import { appPushCommand } from './app-push.js';
import { DATABASE_OPTIONS, expectPositionals, HELP_OPTION, type ParsedFlags, parseFlags } from './flags.js';
import { CommandError, type CommandIO, ExitCode, entryNamed } from './io.js';
import { USAGE } from './usage.js';

const APP_OPTIONS = {
  ...HELP_OPTION,
  ...DATABASE_OPTIONS,
  sdkappid: { type: 'string' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  admin: { type: 'string', multiple: true },
  'login-policy': { type: 'string' },
  'max-web-instances': { type: 'string' },
  'max-instances-per-platform': { type: 'string' },
  'callback-url': { type: 'string' },
  'retention-days': { type: 'string' },
  'recall-window': { type: 'string' },
  'max-message-bytes': { type: 'string' },
  'max-members-work': { type: 'string' },
  'max-members-public': { type: 'string' },
  'max-members-meeting': { type: 'string' },
  'max-members-community': { type: 'string' },
  'max-joined-groups': { type: 'string' },
  'push-friend-status': { type: 'string' },
  'c2c-friends-only': { type: 'string' },
  'reveal-blocked': { type: 'string' },
  'profile-key': { type: 'string', multiple: true },
  'max-image-bytes': { type: 'string' },
  'max-file-bytes': { type: 'string' },
  'max-sound-bytes': { type: 'string' },
  'max-video-bytes': { type: 'string' },
  'read-receipt-group-types': { type: 'string' },
} as const;

/** The flag of each app setting, for reading the command line and for naming it in errors. */
const SETTING_FLAGS = {
  name: 'name',
  admins: 'admin',
  loginPolicy: 'login-policy',
  maxWebInstances: 'max-web-instances',
  maxInstancesPerPlatform: 'max-instances-per-platform',
  callbackUrl: 'callback-url',
  messageRetentionDays: 'retention-days',
  revokeWindowSeconds: 'recall-window',
  maxMessageBodyBytes: 'max-message-bytes',
  maxMembersWork: 'max-members-work',
  maxMembersPublic: 'max-members-public',
  maxMembersMeeting: 'max-members-meeting',
  maxMembersCommunity: 'max-members-community',
  maxJoinedGroups: 'max-joined-groups',
  pushFriendStatus: 'push-friend-status',
  c2cFriendsOnly: 'c2c-friends-only',
  revealBlocked: 'reveal-blocked',
  profileCustomKeys: 'profile-key',
  maxImageBytes: 'max-image-bytes',
  maxFileBytes: 'max-file-bytes',
  maxSoundBytes: 'max-sound-bytes',
  maxVideoBytes: 'max-video-bytes',
  readReceiptGroupTypes: 'read-receipt-group-types',
} as const satisfies Record<keyof AppSettings, keyof typeof APP_OPTIONS>;

type AppFlags = ParsedFlags<typeof APP_OPTIONS>['values'];

/** `parley app create|list|show|set`: manages apps directly in the configured database. */
export async function appCommand(args: readonly string[], io: CommandIO): Promise<ExitCode> {
  if (args[0] === 'push') return appPushCommand(args.slice(1), io);
  const { values, positionals } = parseFlags(args, APP_OPTIONS, 'app');
  const [action, ...operands] = positionals;
  if (values.help || action === undefined) {
    (values.help ? io.stdout : io.stderr)(`${USAGE.app}\n`);
    return values.help ? ExitCode.OK : ExitCode.USAGE;
  }
  refuseFlags(values, action);
  const run = entryNamed(ACTIONS, action);
  if (run === undefined)
    throw new CommandError(`unknown app command ${JSON.stringify(action)}`, ExitCode.USAGE, 'app');
  expectPositionals(operands, action === 'show' || action === 'set' ? 1 : 0, 'app');

  // Settings are checked before the database is opened: a typo never touches the data.
  const { db } = loadDatabaseConfig(values, io.env);
  const parsed = readSettings(values);
  const storage = await openStorage(db);
  try {
    return await run({ storage, io, values, settings: parsed, operand: operands[0] });
  } finally {
    await storage.close();
  }
}

interface ActionContext {
  storage: Storage;
  io: CommandIO;
  values: AppFlags;
  settings: Partial<AppSettings>;
  operand: string | undefined;
}

const ACTIONS: Readonly<Record<string, (context: ActionContext) => Promise<ExitCode>>> = {
  async create({ storage, io, values, settings }) {
    let sdkAppID: number | undefined;
    if (values.sdkappid !== undefined) sdkAppID = parseSdkAppID(values.sdkappid, '--sdkappid');
    if (sdkAppID !== undefined && (await storage.apps.get(sdkAppID)) !== undefined) {
      throw new CommandError(`app ${sdkAppID} already exists`, ExitCode.FAILED);
    }
    const app = await storage.apps.create({ ...settings, ...(sdkAppID === undefined ? {} : { sdkAppID }) });
    // The admin's own terminal: the key is shown once here so it can be copied to the app backend.
    io.stdout(`${JSON.stringify(present(app, true), null, 2)}\n`);
    return ExitCode.OK;
  },

  async list({ storage, io, values }) {
    const apps = await storage.apps.list();
    if (values.json) {
      for (const app of apps) io.stdout(`${JSON.stringify(present(app, false))}\n`);
    } else {
      io.stdout(table(apps));
    }
    return ExitCode.OK;
  },

  async show({ storage, io, operand }) {
    const app = await findApp(storage, operand);
    io.stdout(`${JSON.stringify(present(app, true), null, 2)}\n`);
    return ExitCode.OK;
  },

  async set({ storage, io, settings, operand }) {
    if (Object.keys(settings).length === 0) {
      throw new CommandError('nothing to change: give at least one setting', ExitCode.USAGE, 'app');
    }
    const sdkAppID = (await findApp(storage, operand)).sdkAppID;
    const app = await storage.apps.update(sdkAppID, settings);
    if (app === undefined) throw notFound(sdkAppID);
    io.stdout(`${JSON.stringify(present(app, false), null, 2)}\n`);
    return ExitCode.OK;
  },
};

/** Flags that make no sense for an action are refused rather than silently ignored. */
function refuseFlags(values: AppFlags, action: string): void {
  const allowed: Record<string, readonly string[]> = {
    create: ['sdkappid', ...Object.values(SETTING_FLAGS)],
    list: ['json'],
    show: [],
    set: Object.values(SETTING_FLAGS),
  };
  const common = ['help', ...Object.keys(DATABASE_OPTIONS)];
  const permitted = entryNamed(allowed, action);
  if (permitted === undefined) return;
  for (const flag of Object.keys(values)) {
    if (!common.includes(flag) && !permitted.includes(flag)) {
      throw new CommandError(`--${flag} does not apply to "app ${action}"`, ExitCode.USAGE, 'app');
    }
  }
}

function readSettings(values: AppFlags): Partial<AppSettings> {
  const patch: Record<string, unknown> = {};
  const texts: Partial<Record<keyof AppSettings, string>> = {};
  for (const [setting, flag] of Object.entries(SETTING_FLAGS) as [keyof AppSettings, keyof AppFlags][]) {
    const value = values[flag];
    if (value === undefined || typeof value === 'boolean') continue;
    if (Array.isArray(value)) {
      patch[setting] = value;
      texts[setting] = value.join(' ');
    } else {
      patch[setting] = appSettingFromText(setting, value);
      texts[setting] = value;
    }
  }
  const check = checkAppSettings(patch);
  if (check.ok) return check.settings;
  const [issue] = check.issues;
  if (issue === undefined) throw new Error('settings check failed without naming a setting');
  const flag = `--${SETTING_FLAGS[issue.setting]}`;
  throw new CommandError(
    `invalid ${flag} ${JSON.stringify(texts[issue.setting])}: expected ${APP_SETTING_RULES[issue.setting]}`,
    ExitCode.USAGE,
  );
}

async function findApp(storage: Storage, operand: string | undefined): Promise<AppRecord> {
  if (operand === undefined) throw new CommandError('missing the SDKAppID', ExitCode.USAGE, 'app');
  const sdkAppID = parseSdkAppID(operand, 'SDKAppID');
  const app = await storage.apps.get(sdkAppID);
  if (app === undefined) throw notFound(sdkAppID);
  return app;
}

function parseSdkAppID(text: string, name: string): number {
  const sdkAppID = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isValidSdkAppID(sdkAppID)) {
    throw new CommandError(
      `invalid ${name} ${JSON.stringify(text)}: expected ${SDK_APP_ID_RULE}`,
      ExitCode.USAGE,
    );
  }
  return sdkAppID;
}

function notFound(sdkAppID: number): CommandError {
  return new CommandError(`app ${sdkAppID} not found (see "parley app list")`, ExitCode.FAILED);
}

/** An app as the CLI prints it: times as ISO dates, and the key only where asked. */
function present(app: AppRecord, withKey: boolean): Record<string, unknown> {
  const { secretKey, createdAt, updatedAt, ...rest } = app;
  return {
    ...rest,
    ...(withKey ? { secretKey } : {}),
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
  };
}

function table(apps: readonly AppRecord[]): string {
  const header = [
    'SDKAPPID',
    'NAME',
    'POLICY',
    'WEB',
    'PER-PLATFORM',
    'RETENTION',
    'RECALL',
    'MAX-BYTES',
    'ADMINS',
    'CALLBACK',
  ];
  const rows = apps.map((app) => [
    String(app.sdkAppID),
    app.name,
    app.loginPolicy,
    String(app.maxWebInstances),
    String(app.maxInstancesPerPlatform),
    `${app.messageRetentionDays}d`,
    `${app.revokeWindowSeconds}s`,
    String(app.maxMessageBodyBytes),
    app.admins.join(','),
    app.callbackUrl ?? '-',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    `${cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return [header, ...rows].map(line).join('');
}
