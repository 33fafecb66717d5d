import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvAppConfig } from '../config.js';
import { DEFAULT_ADMIN, MAX_ADMINS } from './app-settings.js';
import { AppExistsError } from './apps.js';
import type { AppRecord, AppSettings, AppStore } from './types.js';

/** The file, inside the data dir, that holds the default app's secret key. */
export const DEFAULT_APP_FILE = 'default-app.json';

/** What `default-app.json` contains. */
export interface DefaultAppFile {
  sdkAppID: number;
  secretKey: string;
  admin: string;
}

/**
 * Makes the app of PARLEY_SDKAPPID / PARLEY_SECRET_KEY exist with the environment's settings. An
 * existing app keeps its other admins and the settings the environment does not mention, so that
 * changes made with `parley app set` survive a restart.
 */
export async function ensureEnvApp(
  apps: AppStore,
  env: EnvAppConfig,
): Promise<{ app: AppRecord; created: boolean }> {
  const settings: Partial<AppSettings> = {};
  if (env.loginPolicy !== undefined) settings.loginPolicy = env.loginPolicy;
  if (env.maxWebInstances !== undefined) settings.maxWebInstances = env.maxWebInstances;
  if (env.maxInstancesPerPlatform !== undefined)
    settings.maxInstancesPerPlatform = env.maxInstancesPerPlatform;
  if (env.callbackUrl !== undefined) settings.callbackUrl = env.callbackUrl;
  if (env.messageRetentionDays !== undefined) settings.messageRetentionDays = env.messageRetentionDays;
  if (env.revokeWindowSeconds !== undefined) settings.revokeWindowSeconds = env.revokeWindowSeconds;
  if (env.maxMessageBodyBytes !== undefined) settings.maxMessageBodyBytes = env.maxMessageBodyBytes;
  for (const key of [
    'maxMembersWork',
    'maxMembersPublic',
    'maxMembersMeeting',
    'maxMembersCommunity',
    'maxJoinedGroups',
    'maxImageBytes',
    'maxFileBytes',
    'maxSoundBytes',
    'maxVideoBytes',
  ] as const) {
    const value = env[key];
    if (value !== undefined) settings[key] = value;
  }
  if (env.pushFriendStatus !== undefined) settings.pushFriendStatus = env.pushFriendStatus;
  if (env.profileCustomKeys !== undefined) settings.profileCustomKeys = env.profileCustomKeys;

  let existing = await apps.get(env.sdkAppID);
  if (existing === undefined) {
    try {
      const app = await apps.create({
        sdkAppID: env.sdkAppID,
        secretKey: env.secretKey,
        admins: [env.admin],
        ...settings,
      });
      return { app, created: true };
    } catch (error) {
      // The processes of a cluster start together: another one created the app first. Update it.
      if (!(error instanceof AppExistsError)) throw error;
      existing = await apps.get(env.sdkAppID);
      if (existing === undefined) throw error;
    }
  }
  const others = existing.admins.filter((admin) => admin !== env.admin);
  // The environment's admin goes first (the default admin); the last one gives way at the limit.
  const admins = [env.admin, ...others].slice(0, MAX_ADMINS);
  const app = await apps.update(env.sdkAppID, { secretKey: env.secretKey, admins, ...settings });
  if (app === undefined) throw new Error(`app ${env.sdkAppID} disappeared while it was being updated`);
  return { app, created: false };
}

/**
 * On the very first start without an environment app, creates an app so the server is usable at
 * once, and stores its key in `<dataDir>/default-app.json`, readable by the owner only. Returns
 * `undefined` when the database already has an app.
 */
export async function ensureDefaultApp(
  apps: AppStore,
  dataDir: string,
): Promise<{ app: AppRecord; file: string } | undefined> {
  if ((await apps.list()).length > 0) return undefined;
  const app = await apps.create({ name: 'Default app', admins: [DEFAULT_ADMIN] });
  const file = join(dataDir, DEFAULT_APP_FILE);
  const content: DefaultAppFile = { sdkAppID: app.sdkAppID, secretKey: app.secretKey, admin: DEFAULT_ADMIN };
  await writePrivateFile(file, `${JSON.stringify(content, null, 2)}\n`);
  return { app, file };
}

// Written beside the target then renamed, so a reader never sees half a file, and created with
// mode 0600 so the key is never readable by others, not even for an instant.
async function writePrivateFile(file: string, text: string): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
