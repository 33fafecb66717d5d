import type { Logger } from 'pino';
import { loadServerConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startServer } from '../server.js';
import { DATABASE_OPTIONS, expectPositionals, HELP_OPTION, parseFlags } from './flags.js';
import { type CommandIO, ExitCode } from './io.js';
import { USAGE } from './usage.js';

const SERVE_OPTIONS = {
  ...HELP_OPTION,
  ...DATABASE_OPTIONS,
  host: { type: 'string' },
  port: { type: 'string' },
  redis: { type: 'string' },
  demo: { type: 'boolean' },
  'log-level': { type: 'string' },
  'heartbeat-interval': { type: 'string' },
  'heartbeat-timeout': { type: 'string' },
  'max-frame-bytes': { type: 'string' },
  'login-timeout': { type: 'string' },
  'max-usersig-lifetime': { type: 'string' },
  'login-failure-limit': { type: 'string' },
} as const;

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

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
  exitOnCrash(logger);

  const stopped = waitForStopSignal();
  const server = await startServer(config, { logger });
  io.stdout(`parley listening on ${server.url}\n`);

  const signal = await stopped;
  logger.info({ signal }, 'stop signal received');
  // A second signal while draining means "now": skip the rest of the graceful stop.
  for (const name of STOP_SIGNALS) process.once(name, () => process.exit(ExitCode.FAILED));
  await server.close();
  return ExitCode.OK;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
      resolve(signal);
    };
    for (const name of STOP_SIGNALS) process.on(name, onSignal);
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
