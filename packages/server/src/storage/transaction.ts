import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { OutboxSignal } from './outbox.js';
import type { StorageSchema } from './schema.js';
import type { Storage } from './types.js';

/** Every store of a `Storage`: what one database handle (the storage, or a transaction) carries. */
export type Stores = Omit<Storage, 'transaction' | 'close'>;

/** Builds the stores on a database handle; the storage and every transaction use the same factory. */
export type StoreFactory = (db: Kysely<StorageSchema>, signal: OutboxSignal) => Stores;

/** `Storage.transaction` for one database, and the handle its outer stores must use. */
export interface Transactions {
  /**
   * The database handle for the stores outside transactions. A query through it from inside a
   * transaction's callback throws instead of silently running outside the transaction (and, on
   * SQLite, waiting forever for the connection the transaction holds).
   */
  readonly outside: Kysely<StorageSchema>;
  run<T>(fn: (tx: Storage) => Promise<T>): Promise<T>;
}

const MISUSE =
  'a query through the outer storage inside storage.transaction(fn): use the tx that fn receives';

/** Marks the async work of a transaction's callback; `open` turns false at commit or rollback. */
interface TransactionScope {
  open: boolean;
}

/**
 * Transactions on `db`, with stores made by `stores`; `signal` is the storage's outbox signal.
 * `checkMisuse` turns on the guard against queries through the outer storage inside a transaction.
 * It is a debugging aid for tests and development, off in production: it needs an
 * `AsyncLocalStorage`, and while one is in use Node 20 runs a hook for every promise the process
 * creates, which made promise-heavy code about twice as slow in a measurement (docs/performance.md).
 */
export function createTransactions(
  db: Kysely<StorageSchema>,
  signal: OutboxSignal,
  stores: StoreFactory,
  options: { checkMisuse: boolean },
): Transactions {
  const scope = options.checkMisuse ? new AsyncLocalStorage<TransactionScope>() : undefined;

  const run = async <T>(fn: (tx: Storage) => Promise<T>): Promise<T> => {
    if (scope?.getStore()?.open) throw new Error(MISUSE);
    const committed: (() => void)[] = [];
    const txSignal: OutboxSignal = {
      listeners: signal.listeners,
      afterCommit: (callback) => committed.push(callback),
    };
    const state: TransactionScope = { open: true };
    let result: T;
    try {
      result = await db
        .transaction()
        .execute((trx) => (scope ? scope.run(state, () => fn(onTransaction(trx))) : fn(onTransaction(trx))));
    } finally {
      // Timers and callbacks started inside fn keep this scope; once it is closed they may use the storage.
      state.open = false;
    }
    for (const callback of committed) callback();
    return result;

    function onTransaction(trx: Kysely<StorageSchema>): Storage {
      const tx: Storage = {
        ...stores(trx, txSignal),
        // Kysely cannot nest transactions; inner work simply joins the outer one.
        transaction: (inner) => inner(tx),
        close: () => Promise.reject(new Error('close the storage, not a transaction')),
      };
      return tx;
    }
  };

  return { outside: scope ? db.withPlugin(new OutsideTransactionGuard(scope)) : db, run };
}

/** Refuses queries made while the current async context is inside an open transaction's callback. */
class OutsideTransactionGuard implements KyselyPlugin {
  constructor(private readonly scope: AsyncLocalStorage<TransactionScope>) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.scope.getStore()?.open) throw new Error(MISUSE);
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
