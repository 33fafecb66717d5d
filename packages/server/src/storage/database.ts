import { Kysely } from 'kysely';
import { createAccountStore } from './accounts.js';
import { createActivityStore } from './activity.js';
import { createAppStore } from './apps.js';
import { createDialect, type DialectCapabilities, UnsupportedDatabaseError } from './dialects/index.js';
import { createFriendStore } from './friends/index.js';
import { createGroupStore } from './groups/index.js';
import { createMediaStore } from './media/store.js';
import { createMessageExtrasStore } from './message-extras/store.js';
import { createGroupLogStore } from './messaging/group-store.js';
import {
  createSqliteSendStatements,
  postgresSendStatements,
  type SendStatements,
} from './messaging/statements.js';
import { createMessagingStore } from './messaging/store.js';
import { migrateToLatest } from './migrations/index.js';
import { createOutboxSignal, createOutboxStore, type OutboxSignal } from './outbox.js';
import { createPresenceStore } from './presence/store.js';
import { createProfileStore } from './profiles/index.js';
import { createPushStore } from './push/index.js';
import { createPushRegistrationStore } from './push-registrations.js';
import { createReceiptStore } from './receipts/store.js';
import type { StorageSchema } from './schema.js';
import { createSignalingStore } from './signaling/store.js';
import { createTransactions, type StoreFactory, type Stores } from './transaction.js';
import type { DatabaseConfig, Storage } from './types.js';

/** An open storage, plus what the database can do (for code that needs to adapt its queries). */
export interface OpenStorage extends Storage {
  readonly capabilities: DialectCapabilities;
  /** Where the data lives, for logs (never contains credentials). */
  readonly description: string;
}

/** How the storage is opened beyond where the data is. */
export interface StorageOptions {
  /**
   * Refuse queries through the outer storage inside a transaction's callback (which on SQLite would
   * wait forever). A debugging aid with a cost on every promise (storage/transaction.ts); by default
   * on when `NODE_ENV` is `test` or `development`.
   */
  checkTransactions?: boolean;
}

/**
 * Opens the database, brings its schema up to date and returns the stores. Throws
 * `UnsupportedDatabaseError` for a database this build cannot open. `close()` is idempotent.
 */
export async function openStorage(
  config: DatabaseConfig,
  options: StorageOptions = {},
): Promise<OpenStorage> {
  const { dialect, capabilities, description, schema, sqlite, stopHelpers } = createDialect(config);
  const db = new Kysely<StorageSchema>({ dialect });
  // Helpers first: the connection's close then finds the database file to itself.
  const destroy = async () => {
    await stopHelpers?.();
    await db.destroy();
  };
  try {
    await migrateToLatest(db as Kysely<unknown>, capabilities, schema === undefined ? {} : { schema });
  } catch (error) {
    await destroy();
    // A database server that does not answer is the operator's to fix: say so in one line.
    const unreachable = unreachableReason(error);
    if (unreachable !== undefined) {
      throw new UnsupportedDatabaseError(`cannot reach the database ${description}: ${unreachable}`, {
        cause: error,
      });
    }
    throw error;
  }

  let closing: Promise<void> | undefined;
  const signal = createOutboxSignal();
  const sendStatements = capabilities.arrayParameters
    ? postgresSendStatements
    : createSqliteSendStatements(sqlite ?? missingHandle(description));
  const stores: StoreFactory = (handle, storeSignal) =>
    createStores(handle, storeSignal, capabilities, sendStatements);
  const checkMisuse =
    options.checkTransactions ?? ['test', 'development'].includes(process.env.NODE_ENV ?? '');
  const transactions = createTransactions(db, signal, stores, { checkMisuse });
  return {
    ...stores(transactions.outside, signal),
    // The login read runs directly on the SQLite connection while no transaction holds it.
    ...(sqlite ? { accounts: createAccountStore(transactions.outside, sqlite) } : {}),
    transaction: transactions.run,
    capabilities,
    description,
    close() {
      closing ??= destroy();
      return closing;
    },
  };
}

/**
 * The stores on one database handle: the storage's own, or a transaction's. A new store goes here
 * (and into `Storage`), so that `storage.transaction` hands it out too.
 */
function createStores(
  db: Kysely<StorageSchema>,
  signal: OutboxSignal,
  capabilities: DialectCapabilities,
  sendStatements: SendStatements,
): Stores {
  return {
    apps: createAppStore(db),
    accounts: createAccountStore(db),
    activity: createActivityStore(db),
    pushRegistrations: createPushRegistrationStore(db),
    push: createPushStore(db),
    presence: createPresenceStore(db),
    outbox: createOutboxStore(db, signal),
    profiles: createProfileStore(db, { singleWriter: capabilities.singleWriter }),
    groups: createGroupStore(db, { singleWriter: capabilities.singleWriter }),
    friends: createFriendStore(db, { singleWriter: capabilities.singleWriter }),
    media: createMediaStore(db),
    messageExtras: createMessageExtrasStore(db),
    receipts: createReceiptStore(db),
    signaling: createSignalingStore(db),
    groupLogs: createGroupLogStore(db, {
      statements: sendStatements,
      singleWriter: capabilities.singleWriter,
    }),
    messaging: createMessagingStore(db, {
      statements: sendStatements,
      singleWriter: capabilities.singleWriter,
      retentionDays: async (handle, sdkAppID) => {
        const app = await handle
          .selectFrom('apps')
          .select('message_retention_days')
          .where('sdk_app_id', '=', sdkAppID)
          .executeTakeFirst();
        return app === undefined ? undefined : Number(app.message_retention_days);
      },
    }),
  };
}

function missingHandle(description: string): never {
  throw new UnsupportedDatabaseError(
    `${description}: no array parameters and no SQLite handle for the send path`,
  );
}

/** Why the database could not be reached (a refused or timed-out connection), or `undefined`. */
function unreachableReason(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ('syscall' in cause || /connection timeout|timeout expired/i.test(cause.message)) return cause.message;
  }
  return undefined;
}
