/**
 * The `parley` command as users run it: the built dist/cli.js in a child process (build first with
 * `npx tsc -b`; `npm test` does). Every test has its own data dir and port 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyUserSig } from '@parley/usersig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const LISTENING = /^parley listening on (http:\/\/\S+)$/m;

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The test's environment without any PARLEY_* the developer may have exported. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('PARLEY_')) env[name] = value;
  return { ...env, ...extra };
}

function launch(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    env: environment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { output: Finished; exited: Promise<Finished> } {
  const output: Finished = { code: null, stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = new Promise<Finished>((resolve) => {
    child.on('close', (code) => {
      output.code = code;
      resolve(output);
    });
  });
  return { output, exited };
}

/** Runs a command to completion. */
function parley(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  return collect(launch(args, env)).exited;
}

interface Serving {
  url: string;
  output: Finished;
  /** Sends SIGTERM and resolves once the process has exited. */
  stop(): Promise<Finished>;
}

/** Starts `parley serve` and resolves once it printed its listening line. */
async function serve(args: readonly string[], env: Record<string, string> = {}): Promise<Serving> {
  const child = launch(['serve', '--port', '0', ...args], env);
  const { output, exited } = collect(child);
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (): void => {
      const match = LISTENING.exec(output.stdout);
      if (match?.[1] !== undefined) {
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    void exited.then((done) => reject(new Error(`parley serve exited with ${done.code}: ${done.stderr}`)));
  });
  return {
    url,
    output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

// Each command is a process start (~0.3 s), so the tests run concurrently, each in its own data dir.
describe.concurrent('parley', () => {
  let root: string;
  /** A data dir of the calling test's own, under one temporary root removed at the end. */
  const freshDir = (): string => join(root, randomUUID());

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with \`npx tsc -b\``);
    root = await mkdtemp(join(tmpdir(), 'parley-cli-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('serve', () => {
    it('prints one listening line, answers /healthz, and exits 0 on SIGTERM', async () => {
      const dataDir = freshDir();
      const server = await serve(['--data-dir', dataDir]);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.url}/healthz`);
      expect(await response.json()).toEqual({ status: 'ok' });

      const done = await server.stop();
      expect(done.code).toBe(0);
      expect(done.stdout).toBe(`parley listening on ${server.url}\n`);
    });

    it('creates a default app on first start, with its key only in a file the owner can read', async () => {
      const dataDir = freshDir();
      const server = await serve(['--data-dir', dataDir]);
      const done = await server.stop();
      const file = join(dataDir, 'default-app.json');
      const content = JSON.parse(await readFile(file, 'utf8')) as {
        sdkAppID: number;
        secretKey: string;
        admin: string;
      };
      expect(content).toMatchObject({ sdkAppID: 1_400_000_001, admin: 'administrator' });
      expect(content.secretKey).toMatch(/^[0-9a-f]{64}$/);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      // The folder and the database (which holds the key too) are the owner's alone.
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      expect((await stat(join(dataDir, 'parley.db'))).mode & 0o777).toBe(0o600);
      expect(done.stderr).toContain('1400000001');
      expect(done.stderr).toContain(file);
      expect(done.stdout + done.stderr).not.toContain(content.secretKey);
    });

    it('makes the app of PARLEY_SDKAPPID and PARLEY_SECRET_KEY exist at start', async () => {
      const dataDir = freshDir();
      const env = {
        PARLEY_SDKAPPID: '1400000042',
        PARLEY_SECRET_KEY: 'env-secret-key',
        PARLEY_MAX_WEB_INSTANCES: '4',
        PARLEY_RECALL_WINDOW_SECONDS: '600',
      };
      const server = await serve(['--data-dir', dataDir], env);
      const done = await server.stop();
      expect(done.code).toBe(0);
      expect(done.stdout + done.stderr).not.toContain('env-secret-key');
      expect(existsSync(join(dataDir, 'default-app.json'))).toBe(false);

      const shown = await parley(['app', 'show', '1400000042', '--data-dir', dataDir]);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({
        sdkAppID: 1_400_000_042,
        secretKey: 'env-secret-key',
        admins: ['administrator'],
        maxWebInstances: 4,
        revokeWindowSeconds: 600,
      });
    });

    it('starts with the deprecated --revoke-window and warns that the app setting replaced it', async () => {
      const server = await serve(['--data-dir', freshDir(), '--revoke-window', '300']);
      const done = await server.stop();
      expect(done.code).toBe(0);
      expect(done.stderr).toContain(
        '--revoke-window (PARLEY_REVOKE_WINDOW_SECONDS) is deprecated and ignored',
      );
      expect(done.stderr).toContain('parley app set <SDKAppID> --recall-window 300');
    });

    it.each([
      [['--port', 'abc'], 2, 'invalid --port "abc": expected an integer from 0 to 65535'],
      [['--bogus'], 2, "Unknown option '--bogus'"],
      [
        ['--db', 'postgres://localhost/parley?schema=Bad-Name'],
        2,
        'invalid --db (or PARLEY_DB): the schema "Bad-Name" in the PostgreSQL URL',
      ],
      [['--redis', 'redis://127.0.0.1:1'], 1, 'cannot reach Redis at redis://127.0.0.1:1'],
      [['--workers', '2'], 2, '--workers 2 (PARLEY_WORKERS) needs cluster mode: give --redis'],
    ])('refuses %j with exit code %i and a clear message', async (args, code, message) => {
      const dataDir = freshDir();
      const done = await parley(['serve', '--port', '0', '--data-dir', dataDir, ...args]);
      expect(done.code).toBe(code);
      expect(done.stderr).toContain(message);
      expect(done.stdout).toBe('');
    });

    it('reports a port in use in one line with exit code 1', async () => {
      const dataDir = freshDir();
      const first = await serve(['--data-dir', dataDir]);
      const port = new URL(first.url).port;
      const second = await parley(['serve', '--port', port, '--data-dir', freshDir()]);
      await first.stop();
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('address already in use');
      expect(second.stderr).not.toContain('    at ');
    });

    it('refuses a bad environment variable with exit code 2, naming it', async () => {
      const dataDir = freshDir();
      const done = await parley(['serve', '--data-dir', dataDir], { PARLEY_LOG_LEVEL: 'loud' });
      expect(done.code).toBe(2);
      expect(done.stderr).toContain('invalid PARLEY_LOG_LEVEL "loud"');
    });
  });

  describe('usersig', () => {
    it('prints a ticket that verifies for that app and user', async () => {
      const done = await parley(['usersig', '--sdkappid', '1400000001', '--key', 'k3y', '--user', 'alice']);
      expect(done.code).toBe(0);
      const ticket = done.stdout.trim();
      const result = verifyUserSig({ ticket, sdkAppID: 1_400_000_001, key: 'k3y', userID: 'alice' });
      expect(result).toMatchObject({ ok: true, expire: 180 * 86_400 });
    });

    it('honours --expire', async () => {
      const done = await parley([
        'usersig',
        '--sdkappid',
        '7',
        '--key',
        'k',
        '--user',
        'bob',
        '--expire',
        '60',
      ]);
      const result = verifyUserSig({ ticket: done.stdout.trim(), sdkAppID: 7, key: 'k', userID: 'bob' });
      expect(result).toMatchObject({ ok: true, expire: 60 });
    });

    it.each([
      [['--sdkappid', '1', '--key', 'k'], 'missing --user'],
      [['--key', 'k', '--user', 'u'], 'missing --sdkappid'],
      [['--sdkappid', '1', '--user', 'u'], 'missing --key'],
      [['--sdkappid', 'x', '--key', 'k', '--user', 'u'], 'invalid --sdkappid "x"'],
      [['--sdkappid', '1', '--key', 'k', '--user', 'u', '--expire', '0'], 'invalid --expire "0"'],
      [['--sdkappid', '1', '--key', 'k', '--user', 'u', '--colour'], "Unknown option '--colour'"],
    ])('refuses %j with exit code 2', async (args, message) => {
      const done = await parley(['usersig', ...args]);
      expect(done.code).toBe(2);
      expect(done.stderr).toContain(message);
      expect(done.stdout).toBe('');
    });
  });

  describe('app', () => {
    it('creates, lists, shows and changes apps', async () => {
      const dataDir = freshDir();
      const created = await parley(['app', 'create', '--name', 'Chat', '--data-dir', dataDir]);
      expect(created.code).toBe(0);
      const app = JSON.parse(created.stdout) as { sdkAppID: number; secretKey: string };
      expect(app).toMatchObject({
        sdkAppID: 1_400_000_001,
        name: 'Chat',
        loginPolicy: 'multi',
        maxWebInstances: 1,
      });
      expect(app.secretKey).toMatch(/^[0-9a-f]{64}$/);

      const listed = await parley(['app', 'list', '--data-dir', dataDir]);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('1400000001');
      expect(listed.stdout).toContain('Chat');
      expect(listed.stdout).not.toContain(app.secretKey);

      const lines = await parley(['app', 'list', '--json', '--data-dir', dataDir]);
      expect(
        lines.stdout
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toMatchObject([{ sdkAppID: app.sdkAppID }]);
      expect(lines.stdout).not.toContain(app.secretKey);

      const changed = await parley([
        'app',
        'set',
        String(app.sdkAppID),
        '--login-policy',
        'dual',
        '--max-web-instances',
        '10',
        '--max-instances-per-platform',
        '3',
        '--callback-url',
        'https://example.com/im',
        '--admin',
        'boss',
        '--admin',
        'ops',
        '--data-dir',
        dataDir,
      ]);
      expect(changed.code).toBe(0);

      const shown = await parley(['app', 'show', String(app.sdkAppID), '--data-dir', dataDir]);
      expect(JSON.parse(shown.stdout)).toMatchObject({
        sdkAppID: app.sdkAppID,
        secretKey: app.secretKey,
        name: 'Chat',
        loginPolicy: 'dual',
        maxWebInstances: 10,
        maxInstancesPerPlatform: 3,
        callbackUrl: 'https://example.com/im',
        admins: ['boss', 'ops'],
      });

      const cleared = await parley([
        'app',
        'set',
        String(app.sdkAppID),
        '--callback-url',
        'none',
        '--data-dir',
        dataDir,
      ]);
      expect(JSON.parse(cleared.stdout)).toMatchObject({ callbackUrl: null });
    }, 120_000); // a dozen CLI processes, each a Node start: slow on a loaded 2-core machine

    it('creates an app with the default message settings and changes them', async () => {
      const dataDir = freshDir();
      const created = await parley(['app', 'create', '--data-dir', dataDir]);
      expect(JSON.parse(created.stdout)).toMatchObject({
        messageRetentionDays: 7,
        revokeWindowSeconds: 120,
        maxMessageBodyBytes: 12_288,
      });

      const changed = await parley([
        'app',
        'set',
        '1400000001',
        '--retention-days',
        '30',
        '--recall-window',
        '0',
        '--max-message-bytes',
        '65536',
        '--data-dir',
        dataDir,
      ]);
      expect(changed.code).toBe(0);
      const settings = { messageRetentionDays: 30, revokeWindowSeconds: 0, maxMessageBodyBytes: 65_536 };
      expect(JSON.parse(changed.stdout)).toMatchObject(settings);
      const shown = await parley(['app', 'show', '1400000001', '--data-dir', dataDir]);
      expect(JSON.parse(shown.stdout)).toMatchObject(settings);
      const listed = await parley(['app', 'list', '--data-dir', dataDir]);
      expect(listed.stdout).toMatch(/RETENTION +RECALL +MAX-BYTES/);
      expect(listed.stdout).toMatch(/30d +0s +65536/);

      const other = await parley(['app', 'create', '--recall-window', '300', '--data-dir', dataDir]);
      expect(JSON.parse(other.stdout)).toMatchObject({ revokeWindowSeconds: 300, messageRetentionDays: 7 });
    });

    it('reads the database from PARLEY_DB like serve does', async () => {
      const dataDir = freshDir();
      const db = join(dataDir, 'elsewhere.db');
      await parley(['app', 'create', '--sdkappid', '77'], { PARLEY_DB: `sqlite:${db}` });
      const listed = await parley(['app', 'list', '--json', '--db', db]);
      expect(JSON.parse(listed.stdout)).toMatchObject({ sdkAppID: 77 });
    });

    it('refuses --max-web-instances 11 and leaves the app unchanged', async () => {
      const dataDir = freshDir();
      await parley(['app', 'create', '--data-dir', dataDir]);
      const refused = await parley([
        'app',
        'set',
        '1400000001',
        '--max-web-instances',
        '11',
        '--data-dir',
        dataDir,
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('invalid --max-web-instances "11": expected an integer from 1 to 10');
      const shown = await parley(['app', 'show', '1400000001', '--data-dir', dataDir]);
      expect(JSON.parse(shown.stdout)).toMatchObject({ maxWebInstances: 1 });
    });

    it.each([
      [['set', '1400000001', '--login-policy', 'quad'], 'invalid --login-policy "quad"'],
      [
        ['set', '1400000001', '--max-instances-per-platform', '4'],
        'invalid --max-instances-per-platform "4"',
      ],
      [['set', '1400000001', '--callback-url', 'ftp://x'], 'invalid --callback-url "ftp://x"'],
      [
        ['set', '1400000001', '--retention-days', '0'],
        'invalid --retention-days "0": expected an integer from 1 to 3650 (days)',
      ],
      [
        ['set', '1400000001', '--recall-window', '2m'],
        'invalid --recall-window "2m": expected an integer from 0 to 604800 (seconds)',
      ],
      [
        ['set', '1400000001', '--max-message-bytes', '65537'],
        'invalid --max-message-bytes "65537": expected an integer from 1 to 65536 (bytes)',
      ],
      [['set', '1400000001', '--profile-key', 'Hobby2'], 'invalid --profile-key "Hobby2"'],
      [['set', '1400000001'], 'nothing to change'],
      [['show', 'abc'], 'invalid SDKAppID "abc"'],
      [['list', '--name', 'x'], '--name does not apply to "app list"'],
      [['frobnicate'], 'unknown app command "frobnicate"'],
    ])('refuses %j with exit code 2', async (args, message) => {
      const dataDir = freshDir();
      const done = await parley(['app', ...args, '--data-dir', dataDir]);
      expect(done.code).toBe(2);
      expect(done.stderr).toContain(message);
    });

    it('declares custom profile keys', async () => {
      const dataDir = freshDir();
      await parley(['app', 'create', '--sdkappid', '1400000001', '--data-dir', dataDir]);
      const args = ['app', 'set', '1400000001', '--profile-key', 'Hobby', '--profile-key', 'City'];
      const changed = await parley([...args, '--data-dir', dataDir]);
      expect(changed.code).toBe(0);
      expect(JSON.parse(changed.stdout)).toMatchObject({ profileCustomKeys: ['Hobby', 'City'] });
    });

    it('reports an unknown app with exit code 1', async () => {
      const dataDir = freshDir();
      const done = await parley(['app', 'show', '1400009999', '--data-dir', dataDir]);
      expect(done.code).toBe(1);
      expect(done.stderr).toContain('app 1400009999 not found');
    });
  });

  describe('help', () => {
    it.each([[['help']], [['--help']], [['serve', '--help']], [['help', 'app']]])(
      '%j prints usage and exits 0',
      async (args) => {
        const done = await parley(args);
        expect(done.code).toBe(0);
        expect(done.stdout).toContain('Usage:');
      },
    );

    it.each([
      [['constructor'], 'unknown command "constructor"'],
      [['toString'], 'unknown command "toString"'],
      [['__proto__'], 'unknown command "__proto__"'],
      [['app', 'toString'], 'unknown app command "toString"'],
      [['app', 'constructor'], 'unknown app command "constructor"'],
      [['help', 'hasOwnProperty'], 'no help for "hasOwnProperty"'],
    ])(
      'answers %j, a name found on every object, as unknown: one line, no stack trace',
      async (args, message) => {
        const done = await parley(args);
        expect(done.code).toBe(2);
        expect(done.stderr).toContain(message);
        expect(done.stderr).not.toMatch(/unexpected error|\n\s+at /);
      },
    );

    it('answers an unknown command with the usage and exit code 2', async () => {
      const done = await parley(['frobnicate']);
      expect(done.code).toBe(2);
      expect(done.stderr).toContain('unknown command "frobnicate"');
      expect(done.stderr).toContain('Usage:');
    });
  });
});
