import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { DialectCapabilities } from '../dialects/dialect.js';
import type { DialectMigration } from './dialect-migration.js';

/**
 * Which members each `member_version` of a group changed: a node whose cached member list is a few
 * versions behind reads the members named since then instead of the whole list again. A live room
 * with viewers coming and going bumps its version many times a second; without this every message
 * after a join reloaded thousands of member rows. Old rows are pruned as versions go by.
 */
export const groupMemberChanges: DialectMigration = {
  async up(db: Kysely<unknown>, capabilities: DialectCapabilities): Promise<void> {
    const clustered = <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
      capabilities.clusteredTables ? table.modifyEnd(sql`without rowid`) : table;
    await clustered(db.schema.createTable('group_member_changes'))
      .addColumn('sdk_app_id', 'bigint', (col) => col.notNull())
      .addColumn('group_id', 'text', (col) => col.notNull())
      .addColumn('version', 'bigint', (col) => col.notNull())
      .addColumn('user_id', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('group_member_changes_pk', ['sdk_app_id', 'group_id', 'version', 'user_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('group_member_changes').execute();
  },
};
