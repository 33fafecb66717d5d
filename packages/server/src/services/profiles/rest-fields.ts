/**
 * Profile fields by their server names (`Tag_Profile_IM_*`, im-features §4.1), for REST
 * `portrait_set`/`portrait_get` and the `Profile.CallbackPortraitSet` callback. Gender and allow
 * type travel as their `Gender_Type_*` / `AllowType_Type_*` names.
 */
import { PROFILE_CUSTOM_PREFIX } from '@parley/protocol';
import type { ProfileChange, ProfileRecord } from '../../storage/profiles/types.js';

const GENDERS = ['Gender_Type_Unknown', 'Gender_Type_Male', 'Gender_Type_Female'] as const;
const ALLOW_TYPES = [
  'AllowType_Type_AllowAny',
  'AllowType_Type_NeedConfirm',
  'AllowType_Type_DenyAny',
] as const;

type StandardField = Exclude<keyof ProfileRecord, 'userID' | 'customInfo'>;

/** Standard tags and the field each stands for; strings or numbers as stored, but for the two enums. */
export const STANDARD_TAGS: Readonly<Record<string, StandardField>> = Object.freeze({
  Tag_Profile_IM_Nick: 'nick',
  Tag_Profile_IM_Image: 'faceUrl',
  Tag_Profile_IM_SelfSignature: 'selfSignature',
  Tag_Profile_IM_Gender: 'gender',
  Tag_Profile_IM_BirthDay: 'birthday',
  Tag_Profile_IM_Level: 'level',
  Tag_Profile_IM_Role: 'role',
  Tag_Profile_IM_AllowType: 'allowType',
  Tag_Profile_IM_MsgSettings: 'msgSettings',
});

const STRING_FIELDS: ReadonlySet<StandardField> = new Set(['nick', 'faceUrl', 'selfSignature']);
const UINT32_MAX = 0xffff_ffff;

export interface ProfileItem {
  Tag: string;
  Value: unknown;
}

export type ItemsRead =
  | { ok: true; change: ProfileChange }
  | { ok: false; tag: string; why: 'unknown' | 'value' };

/** A `ProfileItem` list as a change; the first unknown tag or bad value is reported. */
export function changeFromItems(items: readonly ProfileItem[]): ItemsRead {
  const change: ProfileChange = {};
  const custom: Record<string, string> = {};
  for (const { Tag: tag, Value: value } of items) {
    if (tag.startsWith(PROFILE_CUSTOM_PREFIX)) {
      if (typeof value !== 'string') return { ok: false, tag, why: 'value' };
      custom[tag.slice(PROFILE_CUSTOM_PREFIX.length)] = value;
      continue;
    }
    const field = STANDARD_TAGS[tag];
    if (field === undefined) return { ok: false, tag, why: 'unknown' };
    const read = readValue(field, value);
    if (read === undefined) return { ok: false, tag, why: 'value' };
    (change as Record<string, unknown>)[field] = read;
  }
  if (Object.keys(custom).length > 0) change.customInfo = custom;
  return { ok: true, change };
}

function readValue(field: StandardField, value: unknown): string | number | undefined {
  if (STRING_FIELDS.has(field)) return typeof value === 'string' ? value : undefined;
  if (field === 'gender') return indexOf(GENDERS, value);
  if (field === 'allowType') return indexOf(ALLOW_TYPES, value);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= UINT32_MAX
    ? value
    : undefined;
}

function indexOf(names: readonly string[], value: unknown): number | undefined {
  const index = typeof value === 'string' ? names.indexOf(value) : -1;
  return index < 0 ? undefined : index;
}

/** The items of a profile for `tags` (all standard tags and set custom keys when `tags` is empty). */
export function itemsOf(profile: ProfileRecord, tags: readonly string[]): ProfileItem[] {
  const wanted =
    tags.length > 0
      ? tags
      : [
          ...Object.keys(STANDARD_TAGS),
          ...Object.keys(profile.customInfo).map((key) => `${PROFILE_CUSTOM_PREFIX}${key}`),
        ];
  const items: ProfileItem[] = [];
  for (const tag of wanted) {
    if (tag.startsWith(PROFILE_CUSTOM_PREFIX)) {
      const value = profile.customInfo[tag.slice(PROFILE_CUSTOM_PREFIX.length)];
      if (value !== undefined) items.push({ Tag: tag, Value: value });
      continue;
    }
    const field = STANDARD_TAGS[tag];
    if (field !== undefined) items.push({ Tag: tag, Value: tagValue(field, profile[field]) });
  }
  return items;
}

/** The items a change set, for the callback. */
export function itemsOfChange(change: ProfileChange): ProfileItem[] {
  const items: ProfileItem[] = [];
  for (const [tag, field] of Object.entries(STANDARD_TAGS)) {
    const value = change[field];
    if (value !== undefined) items.push({ Tag: tag, Value: tagValue(field, value) });
  }
  for (const [key, value] of Object.entries(change.customInfo ?? {}))
    items.push({ Tag: `${PROFILE_CUSTOM_PREFIX}${key}`, Value: value });
  return items;
}

function tagValue(field: StandardField, value: string | number): string | number {
  if (field === 'gender') return GENDERS[value as number] ?? GENDERS[0];
  if (field === 'allowType') return ALLOW_TYPES[value as number] ?? ALLOW_TYPES[1];
  return value;
}
