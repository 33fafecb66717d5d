import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from './database.js';
import { UnsupportedDatabaseError } from './dialects/index.js';

describe('openStorage', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-db-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the file and its folder, and keeps data across reopening', async () => {
    const path = join(dir, 'nested', 'parley.db');
    const first = await openStorage({ kind: 'sqlite', path });
    const app = await first.apps.create({ name: 'Kept' });
    await first.close();

    const second = await openStorage({ kind: 'sqlite', path });
    expect(await second.apps.get(app.sdkAppID)).toEqual(app);
    await second.close();
  });

  it('closes more than once without error', async () => {
    const storage = await openStorage({ kind: 'sqlite', path: join(dir, 'parley.db') });
    await Promise.all([storage.close(), storage.close()]);
    await storage.close();
  });

  it('reports single-writer capabilities for SQLite', async () => {
    const storage = await openStorage({ kind: 'sqlite', path: ':memory:' });
    expect(storage.capabilities).toEqual({ singleWriter: true, skipLocked: false });
    await storage.close();
  });

  it('refuses PostgreSQL for now with a clear message', async () => {
    await expect(openStorage({ kind: 'postgres', url: 'postgres://localhost/parley' })).rejects.toThrow(
      UnsupportedDatabaseError,
    );
  });
});
