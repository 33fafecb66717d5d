/**
 * Starts a target server as a child process and waits for its "listening on http://H:P" line. The
 * server is always a separate process from the load generators and from this orchestrator, so its
 * RSS and processor time can be read from /proc and it can be killed and restarted on the same port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { wallNow } from '../load/clock.js';
import type { TargetKind } from '../load/tasks.js';

const here = fileURLToPath(new URL('.', import.meta.url));
export const PARLEY_CLI = fileURLToPath(new URL('../../../packages/server/dist/cli.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;
const LISTENING = /listening on http:\/\/([\w.:[\]-]+):(\d+)/;

/** A server a scenario can start: a target of every scenario, or the uploads baseline. */
export type ServerKind = TargetKind | 'fastify';

/** The app the bench logs in to; the baselines receive the same tickets and ignore them. */
export const BENCH_APP = { sdkAppID: 1_400_000_777, key: 'parley-bench-secret-key-0123456789abcdef' };

export interface ServerOptions {
  /** Parley only: write a V8 CPU profile into this folder when the server exits. */
  profileDir?: string | undefined;
  /** Parley only: more `serve` arguments (`--db`, `--redis`, `--workers`). */
  args?: readonly string[];
  /** Parley only: more environment. */
  env?: Readonly<Record<string, string>>;
  /** Parley only: runs on the fresh data directory before the server first starts (app settings). */
  prepare?: (dataDir: string) => Promise<void>;
}

/** `K` is the kinds this process may be: the three targets unless said otherwise. */
export class ServerProcess<K extends ServerKind = TargetKind> {
  /** Last lines the server printed, shown when it fails. */
  readonly #tail: string[] = [];
  #child: ChildProcess | undefined;
  #port = 0;
  readonly #dataDir: string | undefined;

  private constructor(
    readonly kind: K,
    readonly options: ServerOptions,
  ) {
    // A fresh database per server, so earlier runs' accounts and instances never skew a scenario; the
    // uploads baseline writes its files there.
    this.#dataDir =
      kind === 'parley' || kind === 'fastify' ? mkdtempSync(join(tmpdir(), 'parley-bench-')) : undefined;
  }

  static async start<K extends ServerKind>(kind: K, options: ServerOptions = {}): Promise<ServerProcess<K>> {
    const server = new ServerProcess<K>(kind, options);
    try {
      if (server.#dataDir && options.prepare) await options.prepare(server.#dataDir);
      await server.#spawn(0);
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  get port(): number {
    return this.#port;
  }

  get pid(): number {
    return this.#child?.pid ?? -1;
  }

  get output(): string {
    return this.#tail.join('\n');
  }

  /** Asks the server for a full garbage collection (see gc-hook.ts). */
  collectGarbage(): void {
    this.#child?.kill('SIGUSR2');
  }

  /** Kills without warning (a crash), then starts again on the same port with the same data. */
  async crashAndRestart(): Promise<{ killedAt: number; listeningAt: number }> {
    const killedAt = wallNow();
    await this.#signal('SIGKILL');
    await this.#spawn(this.#port);
    return { killedAt, listeningAt: wallNow() };
  }

  /** Stops the server (SIGTERM lets Parley drain and write its profile), SIGKILL if it lingers. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.#dataDir) rmSync(this.#dataDir, { recursive: true, force: true });
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }

  #command(port: number): { args: string[]; env: NodeJS.ProcessEnv } {
    const preload = ['--expose-gc', '--import', pathToFileURL(join(here, 'gc-hook.js')).href];
    if (this.kind === 'ws')
      return { args: [...preload, join(here, 'ws-server.js'), String(port)], env: process.env };
    if (this.kind === 'fastify') {
      const args = [...preload, join(here, 'fastify-upload-server.js'), String(port), this.#dataDir ?? ''];
      return { args, env: process.env };
    }
    if (this.kind === 'socketio') {
      return { args: [...preload, join(here, 'socketio-server.js'), String(port)], env: process.env };
    }
    const profile = this.options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', this.options.profileDir] : [];
    return {
      args: [
        ...preload,
        ...profile,
        PARLEY_CLI,
        'serve',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--data-dir',
        this.#dataDir ?? '',
        ...(this.options.args ?? []),
      ],
      env: {
        ...process.env,
        ...this.options.env,
        PARLEY_SDKAPPID: String(BENCH_APP.sdkAppID),
        PARLEY_SECRET_KEY: BENCH_APP.key,
        // Per-login info lines would measure the log pipe; the baselines log nothing either.
        PARLEY_LOG_LEVEL: 'warn',
      },
    };
  }

  async #spawn(port: number): Promise<void> {
    const { args, env } = this.#command(port);
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    const remember = (line: string) => {
      this.#tail.push(line);
      if (this.#tail.length > 40) this.#tail.shift();
    };
    createInterface({ input: child.stderr }).on('line', remember);
    const lines = createInterface({ input: child.stdout });
    // Every line is read to the end: a server whose stdout pipe fills up would stall on its writes.
    this.#port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.kind} did not start in time:\n${this.output}`)),
        STARTUP_TIMEOUT_MS,
      );
      lines.on('line', (line) => {
        remember(line);
        const match = LISTENING.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[2]));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.kind} exited (${code ?? signal}) before listening:\n${this.output}`));
      });
    });
  }
}
