import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ElemType } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../database.js';

describe('WAL checkpoints in a worker thread', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-checkpoint-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("copies the log into the database file while the server's connection never checkpoints", async () => {
    const path = join(dir, 'parley.db');
    const storage = await openStorage({ kind: 'sqlite', path });
    try {
      const sdkAppID = (await storage.apps.create({})).sdkAppID;
      const before = (await stat(path)).size;
      // About 8 MB of messages: well past the 1,000 pages at which SQLite would checkpoint inline.
      const body = 'x'.repeat(8_000);
      for (let batch = 0; batch < 10; batch++) {
        await storage.messaging.storeC2CMany(
          Array.from({ length: 100 }, (_, i) => ({
            sdkAppID,
            msgID: `m-${batch}-${i}`,
            sender: 'a',
            receiver: 'b',
            random: i,
            time: Date.now(),
            elemList: [{ elemType: ElemType.TEXT, text: body }],
            cloudCustomData: '',
            excludedFromUnreadCount: false,
            excludedFromLastMessage: false,
          })),
        );
      }
      // Only a checkpoint moves pages from the WAL into the database file.
      await expect
        .poll(async () => (await stat(path)).size - before, { timeout: 15_000 })
        .toBeGreaterThan(4_000_000);
      expect((await storage.messaging.history(sdkAppID, 'a', 'b', { count: 1 })).messages).toHaveLength(1);
    } finally {
      await storage.close();
    }
  });
});
