import { DEFAULT_MEDIA_LIMITS, isValidUserID, MAX_MESSAGE_BODY_BYTES } from '@parley/protocol';
import { z } from 'zod';
import { type AppSettings, LOGIN_POLICIES, RECEIPT_GROUP_TYPES } from './types.js';

/**
 * The one place that knows what a valid app setting is (contracts §6, login.md §6). The stores,
 * the CLI, the environment-driven app and the admin API all validate through here, so a rule
 * changes in one line and every caller reports it in the same words.
 */

/** Most admins an app may have (login.md §1: up to 10 admin accounts). */
export const MAX_ADMINS = 10;
/** SDKAppIDs are uint32 in the ticket format. */
export const MAX_SDK_APP_ID = 4_294_967_295;
/** The admin UserID when none is given. */
export const DEFAULT_ADMIN = 'administrator';

/** Longest message retention: ten years, far past the original's paid extensions (im-features §11). */
export const MAX_MESSAGE_RETENTION_DAYS = 3650;
/** Longest recall window: a week. */
export const MAX_REVOKE_WINDOW_SECONDS = 604_800;
/** Largest body limit an app may set: 64 KiB, well under the gateway's default 1 MiB frame. */
export const MAX_MESSAGE_BODY_LIMIT = 65_536;
/** Highest member limit of a Work, Public or Meeting group, and of joined groups per user. */
export const MAX_GROUP_MEMBER_LIMIT = 100_000;
/** Highest member limit of a Community. */
export const MAX_COMMUNITY_MEMBER_LIMIT = 1_000_000;

/** Most custom profile keys an app may declare. */
export const MAX_PROFILE_CUSTOM_KEYS = 20;

/** Settings of a new app when the caller gives none (name is derived from the SDKAppID). */
/** The largest upload limit an app may set: 4 GB. */
export const MAX_UPLOAD_LIMIT = 4 * 1024 * 1024 * 1024;

export const DEFAULT_APP_SETTINGS: Readonly<Omit<AppSettings, 'name'>> = Object.freeze({
  admins: [DEFAULT_ADMIN],
  loginPolicy: 'multi',
  maxWebInstances: 1,
  maxInstancesPerPlatform: 1,
  callbackUrl: null,
  // The original's roaming period on its free and standard editions (im-features §11).
  messageRetentionDays: 7,
  // The original's recall limit (im-features §10).
  revokeWindowSeconds: 120,
  // 12 KB, the original's message size limit (im-features §11).
  maxMessageBodyBytes: MAX_MESSAGE_BODY_BYTES,
  // Member limits per group type and joined groups per user (im-features §11, the largest plan's).
  maxMembersWork: 200,
  maxMembersPublic: 2000,
  maxMembersMeeting: 6000,
  maxMembersCommunity: 100_000,
  maxJoinedGroups: 1000,
  // The original's console switch for friends' status is off until an app turns it on.
  pushFriendStatus: false,
  // Off on the original too: anyone may message anyone unless the app turns the check on (§10).
  c2cFriendsOnly: false,
  // Our default (the brief's): a blocked sender learns it with 20007; false fakes a success.
  revealBlocked: true,
  profileCustomKeys: [],
  // Upload limits per kind (im-features §11); sound as images.
  maxImageBytes: DEFAULT_MEDIA_LIMITS.image,
  maxFileBytes: DEFAULT_MEDIA_LIMITS.file,
  maxSoundBytes: DEFAULT_MEDIA_LIMITS.sound,
  maxVideoBytes: DEFAULT_MEDIA_LIMITS.video,
  // On for every type that can have them; AVChatRoom never does (docs/read-receipts.md).
  readReceiptGroupTypes: [...RECEIPT_GROUP_TYPES],
});

/** Each setting's rule in words, used in every error message about it. */
export const APP_SETTING_RULES: Readonly<Record<keyof AppSettings, string>> = Object.freeze({
  name: 'a name of 1 to 100 characters',
  admins: `1 to ${MAX_ADMINS} distinct UserIDs of 1 to 32 bytes of printable ASCII`,
  loginPolicy: `one of ${LOGIN_POLICIES.join(', ')}`,
  maxWebInstances: 'an integer from 1 to 10',
  maxInstancesPerPlatform: 'an integer from 1 to 3',
  callbackUrl: 'an http:// or https:// URL, or none',
  messageRetentionDays: `an integer from 1 to ${MAX_MESSAGE_RETENTION_DAYS} (days)`,
  revokeWindowSeconds: `an integer from 0 to ${MAX_REVOKE_WINDOW_SECONDS} (seconds)`,
  maxMessageBodyBytes: `an integer from 1 to ${MAX_MESSAGE_BODY_LIMIT} (bytes)`,
  maxMembersWork: `an integer from 1 to ${MAX_GROUP_MEMBER_LIMIT} (members)`,
  maxMembersPublic: `an integer from 1 to ${MAX_GROUP_MEMBER_LIMIT} (members)`,
  maxMembersMeeting: `an integer from 1 to ${MAX_GROUP_MEMBER_LIMIT} (members)`,
  maxMembersCommunity: `an integer from 1 to ${MAX_COMMUNITY_MEMBER_LIMIT} (members)`,
  maxJoinedGroups: `an integer from 1 to ${MAX_GROUP_MEMBER_LIMIT} (groups)`,
  pushFriendStatus: 'on or off',
  c2cFriendsOnly: 'on or off',
  revealBlocked: 'on or off',
  profileCustomKeys: `up to ${MAX_PROFILE_CUSTOM_KEYS} distinct keys of 1 to 8 ASCII letters`,
  maxImageBytes: `an integer from 1 to ${MAX_UPLOAD_LIMIT} (bytes)`,
  maxFileBytes: `an integer from 1 to ${MAX_UPLOAD_LIMIT} (bytes)`,
  maxSoundBytes: `an integer from 1 to ${MAX_UPLOAD_LIMIT} (bytes)`,
  maxVideoBytes: `an integer from 1 to ${MAX_UPLOAD_LIMIT} (bytes)`,
  readReceiptGroupTypes: `distinct group types of ${RECEIPT_GROUP_TYPES.join(', ')} (comma-separated), or none`,
});

export const SDK_APP_ID_RULE = `an integer from 1 to ${MAX_SDK_APP_ID}`;
export const SECRET_KEY_RULE = 'a string of 1 to 256 printable ASCII characters';

const httpUrl = z.string().refine((text) => {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
});

const settingSchemas = {
  name: z.string().trim().min(1).max(100),
  admins: z
    .array(z.string().refine(isValidUserID))
    .min(1)
    .max(MAX_ADMINS)
    .refine((admins) => new Set(admins).size === admins.length),
  loginPolicy: z.enum(LOGIN_POLICIES),
  maxWebInstances: z.int().min(1).max(10),
  maxInstancesPerPlatform: z.int().min(1).max(3),
  callbackUrl: httpUrl.nullable(),
  messageRetentionDays: z.int().min(1).max(MAX_MESSAGE_RETENTION_DAYS),
  revokeWindowSeconds: z.int().min(0).max(MAX_REVOKE_WINDOW_SECONDS),
  maxMessageBodyBytes: z.int().min(1).max(MAX_MESSAGE_BODY_LIMIT),
  maxMembersWork: z.int().min(1).max(MAX_GROUP_MEMBER_LIMIT),
  maxMembersPublic: z.int().min(1).max(MAX_GROUP_MEMBER_LIMIT),
  maxMembersMeeting: z.int().min(1).max(MAX_GROUP_MEMBER_LIMIT),
  maxMembersCommunity: z.int().min(1).max(MAX_COMMUNITY_MEMBER_LIMIT),
  maxJoinedGroups: z.int().min(1).max(MAX_GROUP_MEMBER_LIMIT),
  pushFriendStatus: z.boolean(),
  c2cFriendsOnly: z.boolean(),
  revealBlocked: z.boolean(),
  profileCustomKeys: z
    .array(z.string().regex(/^[A-Za-z]{1,8}$/))
    .max(MAX_PROFILE_CUSTOM_KEYS)
    .refine((keys) => new Set(keys).size === keys.length),
  maxImageBytes: z.int().min(1).max(MAX_UPLOAD_LIMIT),
  maxFileBytes: z.int().min(1).max(MAX_UPLOAD_LIMIT),
  maxSoundBytes: z.int().min(1).max(MAX_UPLOAD_LIMIT),
  maxVideoBytes: z.int().min(1).max(MAX_UPLOAD_LIMIT),
  readReceiptGroupTypes: z
    .array(z.enum(RECEIPT_GROUP_TYPES))
    .refine((types) => new Set(types).size === types.length),
} satisfies Record<keyof AppSettings, z.ZodType>;

// Unknown keys are dropped: callers pass only what they mean to set, and the type says which keys exist.
const settingsPatchSchema = z.object(settingSchemas).partial();
const sdkAppIDSchema = z.int().min(1).max(MAX_SDK_APP_ID);
const secretKeySchema = z.string().regex(/^[\x20-\x7e]{1,256}$/);

/** One rejected setting, named as in `AppSettings`, with its rule in words. */
export interface AppSettingIssue {
  setting: keyof AppSettings;
  rule: string;
}

export type AppSettingsCheck =
  | { ok: true; settings: Partial<AppSettings> }
  | { ok: false; issues: AppSettingIssue[] };

/** Checks a partial set of app settings and returns the valid ones, or every setting that breaks its rule. */
export function checkAppSettings(patch: Readonly<Record<string, unknown>>): AppSettingsCheck {
  const result = settingsPatchSchema.safeParse(patch);
  if (result.success) return { ok: true, settings: result.data };
  const issues: AppSettingIssue[] = [];
  for (const issue of result.error.issues) {
    const setting = issue.path[0];
    if (isSettingName(setting) && !issues.some((known) => known.setting === setting)) {
      issues.push({ setting, rule: APP_SETTING_RULES[setting] });
    }
  }
  return { ok: false, issues };
}

/** Like `checkAppSettings`, but throws `InvalidAppSettingsError`; for callers that validated already. */
export function assertAppSettings(patch: Readonly<Record<string, unknown>>): Partial<AppSettings> {
  const check = checkAppSettings(patch);
  if (!check.ok) throw new InvalidAppSettingsError(check.issues);
  return check.settings;
}

/**
 * Turns the text form of a setting (a CLI flag, an environment variable) into the value to check:
 * integers become numbers and `none` clears the callback URL. Anything unparsable is passed on
 * unchanged so that `checkAppSettings` reports it with the setting's rule.
 */
export function appSettingFromText(setting: keyof AppSettings, text: string): unknown {
  switch (setting) {
    case 'maxWebInstances':
    case 'maxInstancesPerPlatform':
    case 'messageRetentionDays':
    case 'revokeWindowSeconds':
    case 'maxMessageBodyBytes':
    case 'maxMembersWork':
    case 'maxMembersPublic':
    case 'maxMembersMeeting':
    case 'maxMembersCommunity':
    case 'maxJoinedGroups':
    case 'maxImageBytes':
    case 'maxFileBytes':
    case 'maxSoundBytes':
    case 'maxVideoBytes':
      return /^\d+$/.test(text) ? Number(text) : text;
    case 'callbackUrl':
      return text === 'none' || text === '' ? null : text;
    case 'readReceiptGroupTypes':
      return text === 'none' || text === '' ? [] : text.split(',').map((type) => type.trim());
    case 'pushFriendStatus':
    case 'c2cFriendsOnly':
    case 'revealBlocked':
      return ON_OFF[text.toLowerCase()] ?? text;
    default:
      return text;
  }
}

/** The words a switch accepts in text form. */
const ON_OFF: Readonly<Record<string, boolean>> = {
  on: true,
  true: true,
  '1': true,
  off: false,
  false: false,
  '0': false,
};

/** True for an SDKAppID a new app may have. */
export function isValidSdkAppID(value: unknown): value is number {
  return sdkAppIDSchema.safeParse(value).success;
}

/** True for a usable secret key (used as a UTF-8 HMAC key, login.md §1). */
export function isValidSecretKey(value: unknown): value is string {
  return secretKeySchema.safeParse(value).success;
}

/** Thrown by the stores when asked to save settings that break a rule. */
export class InvalidAppSettingsError extends Error {
  override readonly name = 'InvalidAppSettingsError';
  readonly issues: readonly AppSettingIssue[];

  constructor(issues: readonly AppSettingIssue[], message = describeIssues(issues)) {
    super(message);
    this.issues = issues;
  }
}

/** `maxWebInstances must be an integer from 1 to 10; …` */
export function describeIssues(issues: readonly AppSettingIssue[]): string {
  return issues.map((issue) => `${issue.setting} must be ${issue.rule}`).join('; ');
}

function isSettingName(key: unknown): key is keyof AppSettings {
  return typeof key === 'string' && Object.hasOwn(APP_SETTING_RULES, key);
}
