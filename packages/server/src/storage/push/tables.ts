/** Tables of offline push (migration 0018). */
import type { Generated } from 'kysely';

/** A push provider of an app, keyed by the `businessID` clients register tokens under. */
export interface PushProvidersTable {
  sdk_app_id: number;
  business_id: number;
  /** `apns`, `fcm` or `webhook`. */
  type: string;
  /** The provider's settings and secrets as JSON text (never logged). */
  config: string;
  updated_at: number;
}

/**
 * One push waiting for its provider. `next_attempt_at` is when it is due, which while a send is in
 * flight is its lease expiry (as in `webhook_outbox`).
 */
export interface PushQueueTable {
  id: Generated<number>;
  sdk_app_id: number;
  /** What the push is about (`c2c:<msgID>`, `group:<groupID>:<msgID>`, `rest:<id>`): one push per device per key. */
  msg_key: string;
  user_id: string;
  instance_id: string;
  business_id: number;
  token: string;
  platform: string;
  /** The rendered notification (`PushPayload`) as JSON text. */
  payload: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  created_at: number;
  last_error: string | null;
}

export interface PushTables {
  push_providers: PushProvidersTable;
  push_queue: PushQueueTable;
}
