import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from './database.js';
import { UnsupportedDatabaseError } from './dialects/index.js';
import { openTestStorage, TEST_DIALECTS } from './testing.js';

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

  it('keeps the database, which holds the app keys, to its owner: folder 0700, files 0600', async () => {
    const path = join(dir, 'private', 'parley.db');
    const storage = await openStorage({ kind: 'sqlite', path });
    // A write makes sure the -wal and -shm files exist while the database is open.
    await storage.apps.create({});
    const mode = async (file: string) => (await stat(file)).mode & 0o777;
    expect(await mode(join(dir, 'private'))).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(await mode(file)).toBe(0o600);
    await storage.close();
  });

  it('tightens a database file that an older version left readable by others', async () => {
    const path = join(dir, 'old.db');
    await writeFile(path, '');
    await chmod(path, 0o644);
    const storage = await openStorage({ kind: 'sqlite', path });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await storage.close();
  });

  it('closes more than once without error', async () => {
    const storage = await openStorage({ kind: 'sqlite', path: join(dir, 'parley.db') });
    await Promise.all([storage.close(), storage.close()]);
    await storage.close();
  });

  it('reports single-writer capabilities for SQLite', async () => {
    const storage = await openStorage({ kind: 'sqlite', path: ':memory:' });
    expect(storage.capabilities).toEqual({
      singleWriter: true,
      skipLocked: false,
      arrayParameters: false,
      identityColumns: false,
      clusteredTables: true,
    });
    await storage.close();
  });

  it('reports a PostgreSQL server that does not answer in one line', async () => {
    await expect(
      openStorage({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/parley' }),
    ).rejects.toThrow(
      /^cannot reach the database postgres:\/\/postgres@127\.0\.0\.1:1\/parley: connect ECONNREFUSED/,
    );
  });

  it('refuses a malformed PostgreSQL schema name with a clear message', async () => {
    await expect(
      openStorage({ kind: 'postgres', url: 'postgres://localhost/parley?schema=Bad-Name' }),
    ).rejects.toThrow(UnsupportedDatabaseError);
  });
});

describe.each(TEST_DIALECTS.filter((dialect) => dialect === 'postgres'))('openStorage (%s)', (dialect) => {
  it('reports multi-writer capabilities and keeps bigint columns as numbers', async () => {
    const db = await openTestStorage(dialect);
    try {
      expect(db.storage.capabilities).toEqual({
        singleWriter: false,
        skipLocked: true,
        arrayParameters: true,
        identityColumns: true,
        clusteredTables: false,
      });
      const app = await db.storage.apps.create({});
      expect(typeof (await db.storage.apps.get(app.sdkAppID))?.createdAt).toBe('number');
      expect(db.storage.description).not.toContain('schema=');
    } finally {
      await db.dispose();
    }
  });

  it('keeps two schemas of one database apart', async () => {
    const [first, second] = await Promise.all([openTestStorage(dialect), openTestStorage(dialect)]);
    try {
      await first.storage.apps.create({ sdkAppID: 1400000009 });
      expect(await second.storage.apps.get(1400000009)).toBeUndefined();
    } finally {
      await Promise.all([first.dispose(), second.dispose()]);
    }
  });
});
