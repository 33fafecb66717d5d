import { RedisUnavailableError } from '../bus/redis-errors.js';
import { ConfigError, UnavailableFeatureError } from '../config.js';
import { InvalidAppSettingsError } from '../storage/app-settings.js';
import { AppExistsError } from '../storage/apps.js';
import { UnsupportedDatabaseError } from '../storage/dialects/dialect.js';
import { CommandError, type CommandIO, ExitCode, entryNamed } from './io.js';
import { isUsageTopic, USAGE } from './usage.js';

type Command = (args: readonly string[], io: CommandIO) => Promise<ExitCode>;

// Commands load on use: `parley usersig` in a script should not pay for loading the server.
const COMMANDS: Readonly<Record<string, Command>> = {
  serve: async (args, io) => (await import('./serve.js')).serveCommand(args, io),
  usersig: async (args, io) => (await import('./usersig.js')).usersigCommand(args, io),
  app: async (args, io) => (await import('./app.js')).appCommand(args, io),
  help: async (args, io) => {
    const [topic] = args;
    if (topic !== undefined && !isUsageTopic(topic)) {
      throw new CommandError(`no help for ${JSON.stringify(topic)}`, ExitCode.USAGE, 'main');
    }
    io.stdout(`${USAGE[topic ?? 'main']}\n`);
    return ExitCode.OK;
  },
};

/**
 * Runs `parley` with its arguments (without the node and script paths) and returns the exit code.
 * Expected failures print one line, `parley: <message>`; only bugs print a stack trace.
 */
export async function runCli(argv: readonly string[], io: CommandIO): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') return COMMANDS.help!([], io);
  if (name === undefined) {
    io.stderr(`${USAGE.main}\n`);
    return ExitCode.USAGE;
  }
  const command = entryNamed(COMMANDS, name);
  if (command === undefined) {
    io.stderr(`parley: unknown command ${JSON.stringify(name)}\n\n${USAGE.main}\n`);
    return ExitCode.USAGE;
  }
  try {
    return await command(args, io);
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CommandIO): ExitCode {
  if (error instanceof CommandError) {
    io.stderr(`parley: ${error.message}\n`);
    if (error.usage !== undefined && isUsageTopic(error.usage)) io.stderr(`\n${USAGE[error.usage]}\n`);
    return error.exitCode;
  }
  if (error instanceof ConfigError || error instanceof InvalidAppSettingsError) {
    io.stderr(`parley: ${error.message}\n`);
    return ExitCode.USAGE;
  }
  if (
    error instanceof UnsupportedDatabaseError ||
    error instanceof UnavailableFeatureError ||
    error instanceof RedisUnavailableError ||
    error instanceof AppExistsError
  ) {
    io.stderr(`parley: ${error.message}\n`);
    return ExitCode.FAILED;
  }
  if (isSystemError(error)) {
    // The environment refused something (port taken, folder not writable): the message says what.
    io.stderr(`parley: ${error.message}\n`);
    return ExitCode.FAILED;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`parley: unexpected error: ${detail}\n`);
  return ExitCode.FAILED;
}

/** An error from the operating system, such as EADDRINUSE from `listen` or EACCES from `mkdir`. */
function isSystemError(error: unknown): error is Error & { code: string; syscall: string } {
  return error instanceof Error && 'syscall' in error && typeof error.syscall === 'string' && 'code' in error;
}
