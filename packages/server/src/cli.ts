#!/usr/bin/env node
/** The `parley` command (the `bin` of @parley/server). */
import { runCli } from './cli/main.js';

/** If something still holds the event loop after a command finished (a stray timer), exit anyway. */
const EXIT_GRACE_MS = 3000;

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
process.exitCode = code;
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
