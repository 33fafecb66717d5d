#!/usr/bin/env node
// The `parley` command. This committed shim, not dist/cli.js itself, is the package's bin because
// npm links bins before the root `prepare` script builds dist/, and skips a bin whose file does
// not exist yet: on a fresh clone `npx parley` would find nothing and look in the registry instead.
try {
  await import('../dist/cli.js');
} catch (error) {
  if (
    error instanceof Error &&
    'code' in error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    error.message.includes('dist/cli.js')
  ) {
    process.stderr.write(
      'parley: not built yet; run `npm run build` (or `npx tsc -b`) in the repository root\n',
    );
    process.exit(1);
  }
  throw error;
}
