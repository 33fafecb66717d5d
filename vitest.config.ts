import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { resolveTestServices, type TestService } from './packages/server/test/support/services.js';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/**
 * PostgreSQL and Redis, probed once per run. Storage suites then loop over both dialects, and the
 * project `cluster` re-runs the server suites on PostgreSQL with the Redis bus. Outside CI a missing
 * service skips those tests with a loud message; in CI (`CI=true`) it fails the run.
 */
const available = await resolveTestServices();
const has = (service: TestService) => available.includes(service);
const serviceEnv = {
  PARLEY_TEST_SERVICES: available.join(','),
  PARLEY_TEST_DIALECTS: process.env.PARLEY_TEST_DIALECTS ?? (has('postgres') ? 'sqlite,postgres' : 'sqlite'),
};
/**
 * The whole server and SDK suites run again on PostgreSQL with the Redis bus, plus the
 * multi-process cluster tests; left out are the suites about the embedded setup itself (the
 * `parley` command on its SQLite file, also driving a running server, the built process under
 * hostile load, the browser pages).
 */
const CLUSTER_SUITES = ['packages/server/test/**/*.test.ts', 'packages/sdk/test/**/*.test.ts'];
const SQLITE_ONLY_SUITES = [
  'packages/server/test/cli.test.ts',
  'packages/server/test/policies.test.ts',
  'packages/server/test/soak.test.ts',
  'packages/server/test/e2e-web.test.ts',
];

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
    // Most of a server suite's time is spent waiting on sockets, PostgreSQL and Redis, so two files
    // at once overlap well even on 2 cores (vitest's default there is one: 430 s against 336 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'bench/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
          ],
          // The cluster tests need PostgreSQL and Redis; they run in the project below.
          exclude: [...configDefaults.exclude, 'packages/server/test/cluster*.test.ts'],
          env: serviceEnv,
        },
      },
      ...(has('postgres') && has('redis')
        ? [
            {
              extends: true as const,
              test: {
                name: 'cluster',
                include: CLUSTER_SUITES,
                exclude: [...configDefaults.exclude, ...SQLITE_ONLY_SUITES],
                env: { ...serviceEnv, PARLEY_TEST_BACKEND: 'cluster' },
              },
            },
          ]
        : []),
    ],
  },
});
