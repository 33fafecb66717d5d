import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the built dist/ is what users get.
    alias: {
      '@parley/usersig': src('usersig'),
      '@parley/protocol': src('protocol'),
      '@parley/server': src('server'),
      // Node tests use the SDK's Node entry, which adds `ws` as the WebSocket.
      '@parley/sdk': fileURLToPath(new URL('./packages/sdk/src/node.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
