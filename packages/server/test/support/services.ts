/**
 * Which backing services the tests use. The vitest configuration probes PostgreSQL and Redis once
 * per run (`probeTestServices`, with the light checks of `src/ops/service-checks.ts` only, so loading
 * the configuration stays quick) and passes the result to every test worker in
 * `PARLEY_TEST_SERVICES`; tests read it with `testServices()`. Outside CI a missing service skips
 * its tests with a loud message; with `CI=true` it fails the run (vitest.config.ts).
 */
import { deleteRedisKeys, probePostgres, probeRedis } from '../../src/ops/service-checks.js';

/** The PostgreSQL the tests use; the local one of the CI machine by default. */
export const TEST_PG_URL = process.env.PARLEY_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis the tests use; the local one of the CI machine by default. */
export const TEST_REDIS_URL = process.env.PARLEY_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export type TestService = 'postgres' | 'redis';

/** Asks each service for a trivial answer; resolves the ones that gave it, and why the others did not. */
export async function probeTestServices(): Promise<{
  available: TestService[];
  missing: { service: TestService; url: string; reason: string }[];
}> {
  const [postgres, redis] = await Promise.all([probePostgres(TEST_PG_URL), probeRedis(TEST_REDIS_URL)]);
  const available: TestService[] = [];
  const missing: { service: TestService; url: string; reason: string }[] = [];
  if (postgres === undefined) available.push('postgres');
  else missing.push({ service: 'postgres', url: TEST_PG_URL, reason: postgres });
  if (redis === undefined) available.push('redis');
  else missing.push({ service: 'redis', url: TEST_REDIS_URL, reason: redis });
  return { available, missing };
}

/**
 * The services this run can use, probed once per process (vitest loads its configuration more than
 * once). A missing one is announced loudly; with `CI=true` it throws, failing the run.
 */
export async function resolveTestServices(): Promise<TestService[]> {
  const cached = process.env.PARLEY_TEST_PROBED;
  if (cached !== undefined) return cached.split(',').filter(isTestService);
  const { available, missing } = await probeTestServices();
  process.env.PARLEY_TEST_PROBED = available.join(',');
  if (missing.length === 0) return available;
  const ci = process.env.CI === 'true';
  const rule = '='.repeat(100);
  console.warn(
    [
      '',
      rule,
      `  ${ci ? 'FAILING' : 'SKIPPING'}: tests that need PostgreSQL or Redis`,
      ...missing.map(({ service, url, reason }) => `  ${service} at ${url}: ${reason}`),
      '  Start them (.ci/start-services) or point PARLEY_TEST_PG_URL / PARLEY_TEST_REDIS_URL at running ones.',
      rule,
      '',
    ].join('\n'),
  );
  if (ci) throw new Error(`CI needs ${missing.map((m) => m.service).join(' and ')} for the test run`);
  return available;
}

function isTestService(name: string): name is TestService {
  return name === 'postgres' || name === 'redis';
}

/** The services the vitest configuration found reachable for this run. */
export function testServices(): ReadonlySet<TestService> {
  const names = (process.env.PARLEY_TEST_SERVICES ?? '').split(',');
  return new Set(names.filter(isTestService));
}

export { deleteRedisKeys };
