import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CommandError, ExitCode } from './io.js';
import type { UsageTopic } from './usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type StrictConfig<O extends Options> = { args: string[]; options: O; strict: true; allowPositionals: true };

/** What `parseFlags` returns: typed `values` per the options, and the `positionals`. */
export type ParsedFlags<O extends Options> = ReturnType<typeof parseArgs<StrictConfig<O>>>;

/** `--db` and `--data-dir`: every command that opens the database takes them. */
export const DATABASE_OPTIONS = {
  db: { type: 'string' },
  'data-dir': { type: 'string' },
} as const satisfies Options;

export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

/**
 * Parses a command's arguments strictly: an unknown flag, a missing value or a stray argument
 * becomes a `CommandError` with exit code 2 and the command's usage.
 */
export function parseFlags<const O extends Options>(
  args: readonly string[],
  options: O,
  topic: UsageTopic,
): ParsedFlags<O> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      // Node appends advice about `--` for positionals that look like flags; the flag name is what helps.
      throw new CommandError(
        error.message.replace(/\. To specify a positional argument.*$/s, '.'),
        ExitCode.USAGE,
        topic,
      );
    }
    throw error;
  }
}

/** Refuses positional arguments beyond `allowed`. */
export function expectPositionals(positionals: readonly string[], allowed: number, topic: UsageTopic): void {
  if (positionals.length > allowed) {
    throw new CommandError(
      `unexpected argument ${JSON.stringify(positionals[allowed])}`,
      ExitCode.USAGE,
      topic,
    );
  }
}

/** The text of a string flag that must be present. */
export function required(value: string | undefined, flag: string, topic: UsageTopic): string {
  if (value === undefined) throw new CommandError(`missing --${flag}`, ExitCode.USAGE, topic);
  return value;
}
