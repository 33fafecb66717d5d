/**
 * WAL checkpoints off the event loop. SQLite checkpoints a WAL database itself, inside whichever
 * commit passes the threshold (1,000 pages): that commit then copies the log into the database file
 * and syncs it, several milliseconds during which the server's single thread does nothing else —
 * the p99 of a message batch went from under 1 ms to 6 ms for it. Instead the server's connection
 * never checkpoints, and a worker thread with a connection of its own runs a PASSIVE checkpoint
 * every `intervalMs`: it copies what it can without blocking the writer, and SQLite starts the log
 * over once everything in it was copied, so the WAL file stays bounded.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Runs in the worker: CommonJS source, given the resolved better-sqlite3 module and the file. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next round tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker after its last checkpoint; the main connection's close checkpoints the rest. */
  stop(): Promise<void>;
}

export function startCheckpointer(path: string, intervalMs = 1_000): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path, intervalMs } });
  // A checkpointer never keeps the process alive, and its failure only brings back bigger WALs.
  worker.unref();
  worker.on('error', () => undefined);
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        // Waited for now: an unreferenced worker would let the process end with the wait unsettled.
        worker.ref();
        worker.postMessage('stop');
        // A worker stuck in a long checkpoint is not waited for.
        setTimeout(() => void worker.terminate(), 2_000).unref();
      });
      return stopping;
    },
  };
}
