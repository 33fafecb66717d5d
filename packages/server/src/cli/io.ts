import type { Environment } from '../config.js';

/** Where a command writes and what environment it reads; injected so commands run in tests too. */
export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Environment;
}

/** Exit codes of `parley`: 0 success, 1 the command failed, 2 the command line was wrong. */
export const ExitCode = Object.freeze({ OK: 0, FAILED: 1, USAGE: 2 });
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A failure to report as one line (no stack trace), with its exit code. `usage` names the command
 * whose usage text follows the message, for mistakes in the command line itself.
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  readonly exitCode: ExitCode;
  readonly usage: string | undefined;

  constructor(message: string, exitCode: ExitCode, usage?: string) {
    super(message);
    this.exitCode = exitCode;
    this.usage = usage;
  }
}

/**
 * The entry of a command table named by what the user typed, or `undefined`. Own entries only: a
 * plain `table[name]` finds `constructor`, `toString` and the like on Object.prototype, and
 * `parley toString` then crashed with a stack trace.
 */
export function entryNamed<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
