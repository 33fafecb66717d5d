/**
 * Rules of group fields that a schema cannot state: sizes in UTF-8 bytes (im-features §3.3) and
 * caller-chosen group IDs. Broken rules answer 10004 (10015 for a group ID).
 */
import { ErrorCode, GROUP_LIMITS, SERVER_GROUP_ID_PREFIX, TOPIC_ID_MARK } from '@parley/protocol';
import { GroupError } from './result.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Printable ASCII without spaces, at most 48 bytes, not in the server's `@TGS#` namespace, except
 * that a community with topics must be named `@TGS#_…` (im-features §0); never a topic's form.
 */
export function isValidCustomGroupID(groupID: string, isSupportTopic = false): boolean {
  if (!/^[\x21-\x7e]{1,48}$/.test(groupID) || groupID.includes(TOPIC_ID_MARK)) return false;
  const communityPrefix = `${SERVER_GROUP_ID_PREFIX}_`;
  return isSupportTopic
    ? groupID.startsWith(communityPrefix) && groupID.length > communityPrefix.length
    : !groupID.startsWith(SERVER_GROUP_ID_PREFIX);
}

interface ProfileFields {
  groupName?: string;
  notification?: string;
  introduction?: string;
  faceUrl?: string;
  customInfo?: Record<string, string>;
}

export function checkProfile(fields: ProfileFields): void {
  const sizes: [keyof ProfileFields, string | undefined, number][] = [
    ['groupName', fields.groupName, GROUP_LIMITS.name],
    ['notification', fields.notification, GROUP_LIMITS.notification],
    ['introduction', fields.introduction, GROUP_LIMITS.introduction],
    ['faceUrl', fields.faceUrl, GROUP_LIMITS.faceUrl],
  ];
  for (const [name, value, max] of sizes) {
    if (value !== undefined && bytes(value) > max) invalid(`${name}: at most ${max} bytes`);
  }
  if (fields.groupName !== undefined && fields.groupName.trim() === '') invalid('groupName: required');
  checkCustomInfo(fields.customInfo);
}

export function checkCustomInfo(customInfo: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(customInfo ?? {})) {
    if (key === '' || bytes(key) > GROUP_LIMITS.customKey)
      invalid(`customInfo: keys of 1 to ${GROUP_LIMITS.customKey} bytes`);
    if (bytes(value) > GROUP_LIMITS.customValue)
      invalid(`customInfo: values of at most ${GROUP_LIMITS.customValue} bytes`);
  }
}

export function checkAttributes(
  attributes: Record<string, string>,
  existing: Record<string, string> = {},
): void {
  const merged = { ...existing, ...attributes };
  const keys = Object.keys(merged);
  if (keys.length > GROUP_LIMITS.attributeKeys) invalid(`at most ${GROUP_LIMITS.attributeKeys} attributes`);
  let total = 0;
  for (const [key, value] of Object.entries(merged)) {
    if (key === '' || bytes(key) > GROUP_LIMITS.attributeKey)
      invalid(`attribute keys of 1 to ${GROUP_LIMITS.attributeKey} bytes`);
    if (bytes(value) > GROUP_LIMITS.attributeValue)
      invalid(`attribute values of at most ${GROUP_LIMITS.attributeValue} bytes`);
    total += bytes(key) + bytes(value);
  }
  if (total > GROUP_LIMITS.attributesTotal)
    invalid(`attributes of at most ${GROUP_LIMITS.attributesTotal} bytes in all`);
}

export function checkCounters(counters: Record<string, number>, existing: Record<string, number> = {}): void {
  const keys = Object.keys({ ...existing, ...counters });
  if (keys.length > GROUP_LIMITS.counterKeys) invalid(`at most ${GROUP_LIMITS.counterKeys} counters`);
  for (const [key, value] of Object.entries(counters)) {
    if (key === '' || bytes(key) > GROUP_LIMITS.counterKey)
      invalid(`counter keys of 1 to ${GROUP_LIMITS.counterKey} bytes`);
    if (!Number.isSafeInteger(value)) invalid('counter values are integers within ±(2^53 - 1)');
  }
}

function invalid(detail: string): never {
  throw new GroupError(ErrorCode.ERR_SVR_GROUP_INVALID_PARAMETERS, detail);
}
