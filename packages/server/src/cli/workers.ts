/**
 * `parley serve --workers N`: the primary process of a one-machine cluster. It forks N workers
 * (node:cluster), each a full server with its own node ID that shares the listening port; Redis
 * makes them one service. The primary prints the listening line once every worker listens,
 * restarts a worker that dies, and on SIGTERM or SIGINT drains every worker before it exits.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { type CommandIO, ExitCode } from './io.js';

/** What a worker tells the primary once it accepts connections (see `announceListening`). */
interface ListeningMessage {
  type: 'parley:listening';
  url: string;
}

/** A restarted worker waits this long, doubling while workers keep dying young, up to the cap. */
const RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 10_000;
/** A worker that lived this long was healthy: the next restart starts from the shortest delay again. */
const HEALTHY_AFTER_MS = 30_000;

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** The compiled CLI entry, which every worker runs (`dist/cli.js`, next to this folder). */
const CLI_ENTRY = fileURLToPath(new URL('../cli.js', import.meta.url));

export interface WorkersOptions {
  count: number;
  /** The `serve` arguments, passed to every worker as they are. */
  args: readonly string[];
  io: CommandIO;
  logger: Logger;
}

/** Runs the primary until a stop signal has drained every worker; resolves the exit code. */
export function runWorkers({ count, args, io, logger }: WorkersOptions): Promise<ExitCode> {
  cluster.setupPrimary({ exec: CLI_ENTRY, args: ['serve', ...args] });
  const bornAt = new Map<Worker, number>();
  let listening = 0;
  let url: string | undefined;
  let stopping = false;
  /** The exit code once the last worker is gone: a failed start makes it FAILED. */
  let outcome: ExitCode = ExitCode.OK;
  let restartDelay = RESTART_DELAY_MS;

  return new Promise<ExitCode>((resolve) => {
    const finish = (code: ExitCode) => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
      cluster.off('exit', onExit);
      cluster.off('message', onMessage);
      resolve(code);
    };

    const fork = () => bornAt.set(cluster.fork(), Date.now());

    const stopAll = (signal: NodeJS.Signals) => {
      for (const worker of bornAt.keys()) if (!worker.isDead()) worker.process.kill(signal);
    };

    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second signal while draining means "now", as for a single server.
        logger.warn({ signal }, 'second stop signal: killing the workers');
        stopAll('SIGKILL');
        finish(ExitCode.FAILED);
        return;
      }
      stopping = true;
      logger.info({ signal, workers: bornAt.size }, 'stop signal received; draining the workers');
      // Workers ignore SIGINT (a terminal's Ctrl-C reaches the whole group); the primary relays
      // one SIGTERM, so that every worker drains exactly once.
      stopAll('SIGTERM');
      if (bornAt.size === 0) finish(ExitCode.OK);
    };

    const onMessage = (worker: Worker, message: unknown) => {
      if (!isListeningMessage(message) || !bornAt.has(worker)) return;
      if (url !== undefined) return;
      listening += 1;
      if (listening < count) return;
      url = message.url;
      // A restarted worker is given the same arguments, `--port 0` included: the primary shares one
      // listening handle per address and port as asked, so it gets the port its siblings hold.
      io.stdout(`parley listening on ${url}\n`);
      logger.info({ workers: count, url }, 'all workers listening');
    };

    const onExit = (worker: Worker, code: number | null, signal: string | null) => {
      const started = bornAt.get(worker);
      if (started === undefined) return;
      bornAt.delete(worker);
      if (stopping) {
        if (bornAt.size === 0) finish(outcome);
        return;
      }
      if (url === undefined) {
        // A worker that cannot even start (database or Redis unreachable) will not do better when
        // restarted; its own message is already on standard error.
        io.stderr(`parley: a worker exited (${signal ?? `code ${code}`}) before listening; stopping\n`);
        stopping = true;
        outcome = ExitCode.FAILED;
        stopAll('SIGTERM');
        if (bornAt.size === 0) finish(outcome);
        return;
      }
      const delay = Date.now() - started >= HEALTHY_AFTER_MS ? RESTART_DELAY_MS : restartDelay;
      restartDelay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
      logger.warn(
        { workerPid: worker.process.pid, code, signal, restartInMs: delay },
        'worker died; restarting it',
      );
      setTimeout(() => {
        if (!stopping) fork();
      }, delay);
    };

    for (const name of STOP_SIGNALS) process.on(name, onSignal);
    cluster.on('exit', onExit);
    cluster.on('message', onMessage);
    for (let i = 0; i < count; i++) fork();
  });
}

/** In a worker: tells the primary this server accepts connections. */
export function announceListening(url: string): void {
  const message: ListeningMessage = { type: 'parley:listening', url };
  process.send?.(message);
}

function isListeningMessage(message: unknown): message is ListeningMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    message.type === 'parley:listening' &&
    'url' in message &&
    typeof message.url === 'string'
  );
}
