import type { Kysely } from 'kysely';
import type { DialectMigration } from './dialect-migration.js';

/** Profile columns added to `accounts`, with their defaults (the original's: allow type "need confirm"). */
const PROFILE_COLUMNS: readonly [
  name: string,
  type: 'text' | 'bigint' | 'integer',
  value: string | number,
][] = [
  ['self_signature', 'text', ''],
  ['gender', 'integer', 0],
  ['birthday', 'bigint', 0],
  ['level', 'bigint', 0],
  ['role', 'bigint', 0],
  ['allow_type', 'integer', 1],
  ['msg_settings', 'bigint', 0],
  ['custom_info', 'text', '{}'],
];

/**
 * User profiles and receive options (docs/users.md): the standard profile fields beside `nick` and
 * `face_url` on `accounts` (so an account's deletion takes its profile along), the custom profile
 * keys an app declares, profile subscriptions (`subscribeUserInfo`), and the receive options per
 * peer (`setC2CReceiveMessageOpt`) and for all messages (`setAllReceiveMessageOpt`).
 */
export const profiles: DialectMigration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const [name, type, value] of PROFILE_COLUMNS) {
      await db.schema
        .alterTable('accounts')
        .addColumn(name, type, (col) => col.notNull().defaultTo(value))
        .execute();
    }
    await db.schema
      .alterTable('apps')
      .addColumn('profile_custom_keys', 'text', (col) => col.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .createTable('profile_subscriptions')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('subscriber', 'text', (col) => col.notNull())
      .addColumn('target', 'text', (col) => col.notNull())
      .addColumn('created_at', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('profile_subscriptions_pk', ['sdk_app_id', 'subscriber', 'target'])
      .execute();
    await db.schema
      .createIndex('profile_subscriptions_target')
      .on('profile_subscriptions')
      .columns(['sdk_app_id', 'target'])
      .execute();
    await db.schema
      .createTable('c2c_receive_opts')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('peer_id', 'text', (col) => col.notNull())
      .addColumn('opt', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('c2c_receive_opts_pk', ['sdk_app_id', 'user_id', 'peer_id'])
      .execute();
    await db.schema
      .createTable('all_receive_opts')
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addColumn('opt', 'integer', (col) => col.notNull())
      .addColumn('start_hour', 'integer', (col) => col.notNull())
      .addColumn('start_minute', 'integer', (col) => col.notNull())
      .addColumn('start_second', 'integer', (col) => col.notNull())
      .addColumn('start_time_stamp', 'bigint', (col) => col.notNull())
      .addColumn('duration', 'bigint', (col) => col.notNull())
      .addPrimaryKeyConstraint('all_receive_opts_pk', ['sdk_app_id', 'user_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['all_receive_opts', 'c2c_receive_opts', 'profile_subscriptions']) {
      await db.schema.dropTable(table).execute();
    }
    await db.schema.alterTable('apps').dropColumn('profile_custom_keys').execute();
    for (const [name] of [...PROFILE_COLUMNS].reverse()) {
      await db.schema.alterTable('accounts').dropColumn(name).execute();
    }
  },
};
