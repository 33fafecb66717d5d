import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStorage, TEST_DIALECTS, type TestStorage } from '../testing.js';

describe.each(TEST_DIALECTS)('the profile store (%s)', (dialect) => {
  let db: TestStorage;
  let sdkAppID: number;

  beforeEach(async () => {
    db = await openTestStorage(dialect);
    sdkAppID = (await db.storage.apps.create({})).sdkAppID;
    for (const id of ['a', 'b', 'c']) await db.storage.accounts.ensure(sdkAppID, id);
  });
  afterEach(async () => {
    await db.dispose();
  });

  it('reads the one-to-one options of several (user, peer) pairs at once, only the pairs asked for', async () => {
    const profiles = db.storage.profiles;
    await profiles.setC2CReceiveOpt(sdkAppID, 'a', ['b', 'c'], 1);
    await profiles.setC2CReceiveOpt(sdkAppID, 'b', ['a'], 2);
    await profiles.setC2CReceiveOpt(sdkAppID, 'c', ['b'], 3);
    const found = await profiles.c2cReceiveOptsOfPairs(sdkAppID, [
      { userID: 'a', peer: 'b' },
      { userID: 'b', peer: 'a' },
      // c → a has no option; a → c and c → b are not asked for, though their users and peers are.
      { userID: 'c', peer: 'a' },
    ]);
    expect(Object.fromEntries(found)).toEqual({ 'a\nb': 1, 'b\na': 2 });
    expect((await profiles.c2cReceiveOptsOfPairs(sdkAppID, [])).size).toBe(0);
  });
});
