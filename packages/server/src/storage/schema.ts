/**
 * Row types of the tables as Kysely sees them. Column names are snake_case in the database and
 * mapped to the camelCase records of types.ts by each store, so a rename stays local.
 * Times are milliseconds since the epoch; `not_before` is Unix seconds (ticket times are seconds).
 */
import type { Generated } from 'kysely';
import type { FriendTables } from './friends/tables.js';
import type { GroupTables } from './groups/tables.js';
import type { MediaTables } from './media/tables.js';
import type { MessageExtrasTables } from './message-extras/tables.js';
import type { MessagingTables } from './messaging/tables.js';
import type { PresenceTables } from './presence/tables.js';
import type { ProfileTables } from './profiles/tables.js';
import type { PushTables } from './push/tables.js';
import type { ReceiptTables } from './receipts/tables.js';
import type { SignalingTables } from './signaling/tables.js';

export interface AppsTable {
  sdk_app_id: number;
  name: string;
  secret_key: string;
  /** JSON array of UserIDs; the first is the default admin. */
  admins: string;
  login_policy: string;
  max_web_instances: number;
  max_instances_per_platform: number;
  callback_url: string | null;
  /** The message settings (migration 0006); existing apps got the defaults. */
  message_retention_days: number;
  revoke_window_seconds: number;
  max_message_body_bytes: number;
  /** The group limits (migration 0008). */
  max_members_work: number;
  max_members_public: number;
  max_members_meeting: number;
  max_members_community: number;
  max_joined_groups: number;
  /** 1 when friends' status is pushed without a subscription (migration 0014); 0 by default. */
  push_friend_status: number;
  /** The relationship settings (migration 0013), 0 or 1. */
  c2c_friends_only: number;
  reveal_blocked: number;
  /** JSON array of the declared custom profile keys (migration 0012). */
  profile_custom_keys: string;
  /** Upload limits per kind (migration 0016). */
  max_image_bytes: number;
  max_file_bytes: number;
  max_sound_bytes: number;
  max_video_bytes: number;
  /** JSON array of the group types with read receipts (migration 0019). */
  read_receipt_group_types: string;
  created_at: number;
  updated_at: number;
}

export interface AccountsTable {
  sdk_app_id: number;
  user_id: string;
  created_at: number;
  /** Unused since migration 0005 (`ticket_revocations`, which outlives the account); always 0. */
  sig_not_before: Generated<number>;
  /** Profile fields set by the REST `account_import`; `''` when never set (migration 0002). */
  nick: Generated<string>;
  face_url: Generated<string>;
  /** The rest of the profile (migration 0012); `custom_info` is a JSON object of declared keys. */
  self_signature: Generated<string>;
  gender: Generated<number>;
  birthday: Generated<number>;
  level: Generated<number>;
  role: Generated<number>;
  allow_type: Generated<number>;
  msg_settings: Generated<number>;
  custom_info: Generated<string>;
}

/**
 * Per-user ticket revocation (admin kick, account deletion): tickets signed before `not_before`
 * (Unix seconds) are refused. Not tied to `accounts`, so it survives the account's deletion.
 */
export interface TicketRevocationsTable {
  sdk_app_id: number;
  user_id: string;
  not_before: number;
}

/** One row per instance that registered a push token (`setOfflinePushConfig`); see PushRegistrationStore. */
export interface PushRegistrationsTable {
  sdk_app_id: number;
  user_id: string;
  instance_id: string;
  platform: string;
  business_id: number;
  token: string;
  updated_at: number;
  /** 1 after `doBackground`, 0 after `doForeground` (migration 0018). */
  background: Generated<number>;
}

/** One row per (app, UTC day, user) with at least one successful login: DAU and MAU are counts. */
export interface LoginDaysTable {
  sdk_app_id: number;
  day: string;
  user_id: string;
}

/**
 * A callback waiting to be posted (migration 0003, OutboxStore). `body` and `query` are JSON text;
 * `next_attempt_at` is when the row is due, which while a post is in flight is its lease expiry.
 */
export interface WebhookOutboxTable {
  id: Generated<number>;
  sdk_app_id: number;
  command: string;
  body: string;
  query: string;
  order_key: string | null;
  instance_key: string | null;
  deliver_after: number;
  attempts: Generated<number>;
  next_attempt_at: number;
  created_at: number;
  last_error: string | null;
}

/** The messaging tables (migration 0004) are declared in messaging/tables.ts. */
export interface StorageSchema
  extends MessagingTables,
    GroupTables,
    PresenceTables,
    FriendTables,
    ProfileTables,
    MediaTables,
    PushTables,
    MessageExtrasTables,
    ReceiptTables,
    SignalingTables {
  apps: AppsTable;
  accounts: AccountsTable;
  ticket_revocations: TicketRevocationsTable;
  login_days: LoginDaysTable;
  push_registrations: PushRegistrationsTable;
  webhook_outbox: WebhookOutboxTable;
}
