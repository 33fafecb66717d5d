import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import {
  assertAppSettings,
  DEFAULT_APP_SETTINGS,
  isValidSdkAppID,
  isValidSecretKey,
  SDK_APP_ID_RULE,
  SECRET_KEY_RULE,
} from './app-settings.js';
import type { AppsTable, StorageSchema } from './schema.js';
import {
  type AppRecord,
  type AppSettings,
  type AppStore,
  LOGIN_POLICIES,
  type LoginPolicy,
  type NewApp,
  RECEIPT_GROUP_TYPES,
  type ReceiptGroupType,
} from './types.js';

/** The first SDKAppID the store hands out; the original's China-site IDs look like 1400xxxxxx. */
export const FIRST_SDK_APP_ID = 1_400_000_001;

/** Allocation retries when another process takes the same SDKAppID between our read and insert. */
const MAX_ALLOCATION_ATTEMPTS = 20;

/** Thrown by `create` when the caller asks for an SDKAppID that already exists. */
export class AppExistsError extends Error {
  override readonly name = 'AppExistsError';
}

/** A new app secret key: 32 random bytes as 64 hex characters, the shape of the original's keys. */
export function generateSecretKey(): string {
  return randomBytes(32).toString('hex');
}

/** The app store over the `apps` table. */
export function createAppStore(db: Kysely<StorageSchema>): AppStore {
  const get = async (sdkAppID: number): Promise<AppRecord | undefined> => {
    const row = await db.selectFrom('apps').selectAll().where('sdk_app_id', '=', sdkAppID).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  };

  return {
    get,

    async create(app: NewApp): Promise<AppRecord> {
      const { sdkAppID, secretKey = generateSecretKey(), ...settings } = app;
      const checked = assertAppSettings(settings);
      if (!isValidSecretKey(secretKey)) throw new RangeError(`secretKey must be ${SECRET_KEY_RULE}`);
      if (sdkAppID !== undefined) {
        if (!isValidSdkAppID(sdkAppID)) throw new RangeError(`sdkAppID must be ${SDK_APP_ID_RULE}`);
        const created = await insert(db, sdkAppID, secretKey, checked);
        if (created === undefined) throw new AppExistsError(`app ${sdkAppID} already exists`);
        return created;
      }
      // Another writer (a CLI next to a running server) may take the ID we computed; take the next.
      for (let attempt = 0; attempt < MAX_ALLOCATION_ATTEMPTS; attempt++) {
        const created = await insert(db, await nextFreeSdkAppID(db), secretKey, checked);
        if (created !== undefined) return created;
      }
      throw new Error('could not allocate an SDKAppID: too many concurrent app creations');
    },

    async list(): Promise<AppRecord[]> {
      const rows = await db.selectFrom('apps').selectAll().orderBy('sdk_app_id').execute();
      return rows.map(toRecord);
    },

    async update(sdkAppID, patch): Promise<AppRecord | undefined> {
      const { secretKey, ...settings } = patch;
      const checked = assertAppSettings(settings);
      if (secretKey !== undefined && !isValidSecretKey(secretKey)) {
        throw new RangeError(`secretKey must be ${SECRET_KEY_RULE}`);
      }
      const result = await db
        .updateTable('apps')
        .set({
          ...toColumns(checked),
          ...(secretKey === undefined ? {} : { secret_key: secretKey }),
          updated_at: Date.now(),
        })
        .where('sdk_app_id', '=', sdkAppID)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return undefined;
      return get(sdkAppID);
    },
  };
}

/** Inserts unless the SDKAppID is taken; `undefined` when it was. */
async function insert(
  db: Kysely<StorageSchema>,
  sdkAppID: number,
  secretKey: string,
  settings: Partial<AppSettings>,
): Promise<AppRecord | undefined> {
  const now = Date.now();
  const full: AppSettings = { ...DEFAULT_APP_SETTINGS, name: `App ${sdkAppID}`, ...settings };
  const result = await db
    .insertInto('apps')
    .values({
      sdk_app_id: sdkAppID,
      secret_key: secretKey,
      name: full.name,
      admins: JSON.stringify(full.admins),
      login_policy: full.loginPolicy,
      max_web_instances: full.maxWebInstances,
      max_instances_per_platform: full.maxInstancesPerPlatform,
      callback_url: full.callbackUrl,
      message_retention_days: full.messageRetentionDays,
      revoke_window_seconds: full.revokeWindowSeconds,
      max_message_body_bytes: full.maxMessageBodyBytes,
      max_members_work: full.maxMembersWork,
      max_members_public: full.maxMembersPublic,
      max_members_meeting: full.maxMembersMeeting,
      max_members_community: full.maxMembersCommunity,
      max_joined_groups: full.maxJoinedGroups,
      push_friend_status: full.pushFriendStatus ? 1 : 0,
      c2c_friends_only: full.c2cFriendsOnly ? 1 : 0,
      reveal_blocked: full.revealBlocked ? 1 : 0,
      profile_custom_keys: JSON.stringify(full.profileCustomKeys),
      max_image_bytes: full.maxImageBytes,
      max_file_bytes: full.maxFileBytes,
      max_sound_bytes: full.maxSoundBytes,
      max_video_bytes: full.maxVideoBytes,
      read_receipt_group_types: JSON.stringify(full.readReceiptGroupTypes),
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.column('sdk_app_id').doNothing())
    .executeTakeFirst();
  if (result.numInsertedOrUpdatedRows === 0n) return undefined;
  return {
    sdkAppID,
    name: full.name,
    secretKey,
    admins: full.admins,
    loginPolicy: full.loginPolicy,
    maxWebInstances: full.maxWebInstances,
    maxInstancesPerPlatform: full.maxInstancesPerPlatform,
    callbackUrl: full.callbackUrl,
    messageRetentionDays: full.messageRetentionDays,
    revokeWindowSeconds: full.revokeWindowSeconds,
    maxMessageBodyBytes: full.maxMessageBodyBytes,
    maxMembersWork: full.maxMembersWork,
    maxMembersPublic: full.maxMembersPublic,
    maxMembersMeeting: full.maxMembersMeeting,
    maxMembersCommunity: full.maxMembersCommunity,
    maxJoinedGroups: full.maxJoinedGroups,
    pushFriendStatus: full.pushFriendStatus,
    c2cFriendsOnly: full.c2cFriendsOnly,
    revealBlocked: full.revealBlocked,
    profileCustomKeys: full.profileCustomKeys,
    maxImageBytes: full.maxImageBytes,
    maxFileBytes: full.maxFileBytes,
    maxSoundBytes: full.maxSoundBytes,
    maxVideoBytes: full.maxVideoBytes,
    readReceiptGroupTypes: full.readReceiptGroupTypes,
    createdAt: now,
    updatedAt: now,
  };
}

async function nextFreeSdkAppID(db: Kysely<StorageSchema>): Promise<number> {
  const row = await db
    .selectFrom('apps')
    .select((eb) => eb.fn.max('sdk_app_id').as('highest'))
    .where('sdk_app_id', '>=', FIRST_SDK_APP_ID)
    .executeTakeFirst();
  const highest = row?.highest;
  return highest === undefined || highest === null ? FIRST_SDK_APP_ID : Number(highest) + 1;
}

function toColumns(settings: Partial<AppSettings>): Partial<AppsTable> {
  const columns: Partial<AppsTable> = {};
  if (settings.name !== undefined) columns.name = settings.name;
  if (settings.admins !== undefined) columns.admins = JSON.stringify(settings.admins);
  if (settings.loginPolicy !== undefined) columns.login_policy = settings.loginPolicy;
  if (settings.maxWebInstances !== undefined) columns.max_web_instances = settings.maxWebInstances;
  if (settings.maxInstancesPerPlatform !== undefined) {
    columns.max_instances_per_platform = settings.maxInstancesPerPlatform;
  }
  if (settings.callbackUrl !== undefined) columns.callback_url = settings.callbackUrl;
  if (settings.messageRetentionDays !== undefined) {
    columns.message_retention_days = settings.messageRetentionDays;
  }
  if (settings.revokeWindowSeconds !== undefined)
    columns.revoke_window_seconds = settings.revokeWindowSeconds;
  if (settings.maxMessageBodyBytes !== undefined) {
    columns.max_message_body_bytes = settings.maxMessageBodyBytes;
  }
  if (settings.maxMembersWork !== undefined) columns.max_members_work = settings.maxMembersWork;
  if (settings.maxMembersPublic !== undefined) columns.max_members_public = settings.maxMembersPublic;
  if (settings.maxMembersMeeting !== undefined) columns.max_members_meeting = settings.maxMembersMeeting;
  if (settings.maxMembersCommunity !== undefined) {
    columns.max_members_community = settings.maxMembersCommunity;
  }
  if (settings.maxJoinedGroups !== undefined) columns.max_joined_groups = settings.maxJoinedGroups;
  if (settings.pushFriendStatus !== undefined) columns.push_friend_status = settings.pushFriendStatus ? 1 : 0;
  if (settings.c2cFriendsOnly !== undefined) columns.c2c_friends_only = settings.c2cFriendsOnly ? 1 : 0;
  if (settings.revealBlocked !== undefined) columns.reveal_blocked = settings.revealBlocked ? 1 : 0;
  if (settings.profileCustomKeys !== undefined)
    columns.profile_custom_keys = JSON.stringify(settings.profileCustomKeys);
  if (settings.maxImageBytes !== undefined) columns.max_image_bytes = settings.maxImageBytes;
  if (settings.maxFileBytes !== undefined) columns.max_file_bytes = settings.maxFileBytes;
  if (settings.maxSoundBytes !== undefined) columns.max_sound_bytes = settings.maxSoundBytes;
  if (settings.maxVideoBytes !== undefined) columns.max_video_bytes = settings.maxVideoBytes;
  if (settings.readReceiptGroupTypes !== undefined)
    columns.read_receipt_group_types = JSON.stringify(settings.readReceiptGroupTypes);
  return columns;
}

function toRecord(row: Selectable<AppsTable>): AppRecord {
  return {
    sdkAppID: Number(row.sdk_app_id),
    name: row.name,
    secretKey: row.secret_key,
    admins: parseAdmins(row.admins, row.sdk_app_id),
    loginPolicy: parseLoginPolicy(row.login_policy, row.sdk_app_id),
    maxWebInstances: row.max_web_instances,
    maxInstancesPerPlatform: row.max_instances_per_platform,
    callbackUrl: row.callback_url,
    messageRetentionDays: row.message_retention_days,
    revokeWindowSeconds: row.revoke_window_seconds,
    maxMessageBodyBytes: row.max_message_body_bytes,
    maxMembersWork: row.max_members_work,
    maxMembersPublic: row.max_members_public,
    maxMembersMeeting: row.max_members_meeting,
    maxMembersCommunity: row.max_members_community,
    maxJoinedGroups: row.max_joined_groups,
    pushFriendStatus: Number(row.push_friend_status) === 1,
    c2cFriendsOnly: Number(row.c2c_friends_only) === 1,
    revealBlocked: Number(row.reveal_blocked) === 1,
    profileCustomKeys: parseProfileKeys(row.profile_custom_keys),
    maxImageBytes: Number(row.max_image_bytes),
    maxFileBytes: Number(row.max_file_bytes),
    maxSoundBytes: Number(row.max_sound_bytes),
    maxVideoBytes: Number(row.max_video_bytes),
    readReceiptGroupTypes: parseReceiptTypes(row.read_receipt_group_types),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

// Rows are written only through this store, so a bad value means the file was edited by hand.
function parseAdmins(text: string, sdkAppID: number): string[] {
  const value: unknown = JSON.parse(text);
  if (Array.isArray(value) && value.every((admin) => typeof admin === 'string')) return value;
  throw new Error(`app ${sdkAppID}: the admins column is not a JSON array of UserIDs`);
}

function parseLoginPolicy(text: string, sdkAppID: number): LoginPolicy {
  const policy = LOGIN_POLICIES.find((known) => known === text);
  if (policy === undefined) throw new Error(`app ${sdkAppID}: unknown login policy ${JSON.stringify(text)}`);
  return policy;
}

/** The declared custom profile keys; a row edited by hand into something else counts as none. */
function parseReceiptTypes(text: string): ReceiptGroupType[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value)
    ? value.filter((type): type is ReceiptGroupType =>
        (RECEIPT_GROUP_TYPES as readonly unknown[]).includes(type),
      )
    : [];
}

function parseProfileKeys(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string') : [];
}
