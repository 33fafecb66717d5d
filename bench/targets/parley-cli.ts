/**
 * `parley <command>` on a bench server's data directory before the server starts: how the bench
 * changes an app setting the environment cannot (the app made then keeps it when `serve` adopts the
 * app of PARLEY_SDKAPPID, as after a `parley app set` and a restart).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { BENCH_APP, PARLEY_CLI } from './server-process.js';

/** Runs the CLI; resolves with its exit code and the end of what it printed. */
export async function parleyCommand(args: readonly string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [PARLEY_CLI, ...args], {
    env: { ...process.env, PARLEY_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code: code ?? -1, output: output.trim() };
}

/** Creates the bench app in `dataDir` with these `parley app` setting flags, ahead of `serve`. */
export function createBenchApp(dataDir: string, settingFlags: readonly string[]) {
  return parleyCommand([
    'app',
    'create',
    '--sdkappid',
    String(BENCH_APP.sdkAppID),
    ...settingFlags,
    '--data-dir',
    dataDir,
  ]);
}
