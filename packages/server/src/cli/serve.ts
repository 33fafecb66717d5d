import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { loadServerConfig, type ServerConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startServer } from '../server.js';
import { DATABASE_OPTIONS, expectPositionals, HELP_OPTION, parseFlags } from './flags.js';
import { type CommandIO, ExitCode } from './io.js';
import { USAGE } from './usage.js';
import { announceListening, runWorkers } from './workers.js';

const SERVE_OPTIONS = {
  ...HELP_OPTION,
  ...DATABASE_OPTIONS,
  host: { type: 'string' },
  port: { type: 'string' },
  redis: { type: 'string' },
  'redis-prefix': { type: 'string' },
  'presence-ttl': { type: 'string' },
  workers: { type: 'string' },
  demo: { type: 'boolean' },
  'demo-allow-remote': { type: 'boolean' },
  'log-level': { type: 'string' },
  'headers-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  'keep-alive-timeout': { type: 'string' },
  'heartbeat-interval': { type: 'string' },
  'heartbeat-timeout': { type: 'string' },
  'max-frame-bytes': { type: 'string' },
  'login-timeout': { type: 'string' },
  'max-usersig-lifetime': { type: 'string' },
  'login-failure-limit': { type: 'string' },
  'max-connections': { type: 'string' },
  'max-connections-per-address': { type: 'string' },
  'revoke-window': { type: 'string' },
  'callback-timeout': { type: 'string' },
  'callback-fail-open': { type: 'string' },
  'callback-deny-private': { type: 'boolean' },
  media: { type: 'string' },
} as const;

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
/**
 * A `--workers` worker stops on SIGTERM from its primary only: a terminal's Ctrl-C reaches the
 * whole process group, and the primary relays it once, so a worker never sees it twice.
 */
const WORKER_STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM'];

/**
 * `parley serve`: runs until SIGTERM or SIGINT, then stops gracefully and resolves 0. The one line
 * on standard output is the listening line, which scripts and tests wait for; logs go to stderr.
 */
export async function serveCommand(args: readonly string[], io: CommandIO): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, SERVE_OPTIONS, 'serve');
  if (values.help) {
    io.stdout(`${USAGE.serve}\n`);
    return ExitCode.OK;
  }
  expectPositionals(positionals, 0, 'serve');
  const config = loadServerConfig(values, io.env);
  const logger = createLogger({ level: config.logLevel });
  // Once per command: the workers of `--workers` read the same flags and stay quiet about them.
  if (cluster.isPrimary) for (const deprecation of config.deprecations ?? []) logger.warn(deprecation);
  if (config.workers !== undefined && cluster.isPrimary) {
    if (config.db.kind === 'sqlite') {
      logger.warn(
        'several workers share one SQLite file: writes wait for each other; use PostgreSQL to scale',
      );
    }
    return runWorkers({ count: config.workers, args, io, logger });
  }
  exitOnCrash(logger);
  const running = runServer(config, io, logger);
  // A worker's IPC channel to its primary keeps the process alive: let go of it once the server is
  // done (stopped or failed to start), so that the worker exits at once.
  return cluster.isWorker ? running.finally(() => cluster.worker?.disconnect()) : running;
}

/** Starts the server, prints (or announces) the listening line, and stops it on a signal. */
async function runServer(config: ServerConfig, io: CommandIO, logger: Logger): Promise<ExitCode> {
  const signals = cluster.isWorker ? WORKER_STOP_SIGNALS : STOP_SIGNALS;
  if (cluster.isWorker) process.on('SIGINT', () => {});
  const stopped = waitForStopSignal(signals);
  const server = await startServer(config, { logger });
  // Under `--workers` the primary prints the one listening line, once every worker listens.
  if (cluster.isWorker) announceListening(server.url);
  else io.stdout(`parley listening on ${server.url}\n`);

  const signal = await stopped;
  logger.info({ signal }, 'stop signal received');
  // A second signal while draining means "now": skip the rest of the graceful stop.
  for (const name of signals) process.once(name, () => process.exit(ExitCode.FAILED));
  await server.close();
  return ExitCode.OK;
}

function waitForStopSignal(signals: readonly NodeJS.Signals[]): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const name of signals) process.off(name, onSignal);
      resolve(signal);
    };
    for (const name of signals) process.on(name, onSignal);
  });
}

// After an error nothing caught, the process state is unknown: log it and exit rather than limp on.
function exitOnCrash(logger: Logger): void {
  const crash = (error: unknown): void => {
    logger.fatal({ err: error }, 'uncaught error; exiting');
    process.exit(ExitCode.FAILED);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
