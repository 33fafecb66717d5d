/**
 * Runs the built `parley serve` as a child process, for tests that must kill the server for real
 * (SIGKILL) and start it again on the same port and database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface ServerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  /** Everything the process wrote to standard output so far. */
  stdout(): string;
  /** Everything the process wrote to standard error (its log) so far. */
  stderr(): string;
}

/** Starts `parley serve` and resolves once it printed its listening line. */
export function spawnServer(options: {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
  args?: string[];
  /** Options for Node itself, before the script (`--expose-gc`, `--import`). */
  nodeArgs?: string[];
}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      CLI,
      'serve',
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      options.dataDir,
      ...(options.args ?? []),
    ],
    { env: { ...process.env, PARLEY_LOG_LEVEL: 'warn', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /parley listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
      if (match)
        resolve({ port: Number(match[1]), child, exited, stdout: () => stdout, stderr: () => stderr });
    });
    exited.then((code) => reject(new Error(`parley serve exited with ${code} before listening:\n${stderr}`)));
  });
}
