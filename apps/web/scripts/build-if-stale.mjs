#!/usr/bin/env node
/**
 * Builds the web app (type-check, then Vite into apps/web/dist) when dist is missing or older than
 * anything it is made from: the app's sources and the built SDK it bundles. `npm start` and
 * `npm test` call it, so a fresh clone gets the pages without a separate step. `--force` always builds.
 * Plain JavaScript because it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('..', import.meta.url));
const repo = join(app, '..', '..');
const output = join(app, 'dist', 'index.html');
const inputs = [
  join(app, 'index.html'),
  join(app, 'console'),
  join(app, 'src'),
  join(app, 'vite.config.ts'),
  join(app, 'tsconfig.json'),
  join(repo, 'packages', 'sdk', 'dist'),
  join(repo, 'packages', 'protocol', 'dist'),
];

/** The newest modification time under `path` (0 when it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const force = process.argv.includes('--force');
const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
const changedAt = Math.max(...inputs.map(newest));
if (!force && builtAt > changedAt) {
  console.log('web app is up to date (apps/web/dist)');
  process.exit(0);
}

if (!existsSync(join(repo, 'packages', 'sdk', 'dist', 'index.js'))) {
  console.error('the SDK is not built yet: run `npx tsc -b` first (npm start and npm test do)');
  process.exit(1);
}

const require = createRequire(import.meta.url);
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const check = spawnSync(process.execPath, [tsc, '-p', join(app, 'tsconfig.json')], { stdio: 'inherit' });
if (check.status !== 0) {
  console.error('the web app has type errors (above); not building it');
  process.exit(1);
}

const { build } = await import('vite');
await build({ configFile: join(app, 'vite.config.ts'), logLevel: 'warn' });
console.log('built the web app into apps/web/dist');
