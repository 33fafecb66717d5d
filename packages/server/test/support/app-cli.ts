/**
 * `parley app …` run in-process, as the command line would run it: its exit code (a CommandError
 * becomes its code and message, as the CLI's own handler does) and what it printed.
 */
import { appCommand } from '../../src/cli/app.js';
import { CommandError } from '../../src/cli/io.js';
import type { TestServer } from './harness.js';

export interface AppCommandRun {
  code: number;
  out: string;
  err: string;
}

export async function runAppCommand(args: readonly string[]): Promise<AppCommandRun> {
  let out = '';
  let err = '';
  const run = appCommand([...args], {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    env: {},
  });
  const code = await run.catch((error: unknown) => {
    if (!(error instanceof CommandError)) throw error;
    err += error.message;
    return error.exitCode;
  });
  return { code, out, err };
}

/** `--db` naming the test server's database, SQLite file or PostgreSQL schema alike. */
export function dbOf(t: TestServer): string[] {
  return ['--db', t.db.kind === 'sqlite' ? t.db.path : t.db.url];
}
