import { describe, expect, it } from 'vitest';
import { TurnBatch } from './turn-batch.js';

describe('TurnBatch', () => {
  it('answers the lookups of one turn with one read per app, and later ones with another', async () => {
    const reads: [number, string[]][] = [];
    const batch = new TurnBatch<string>(async (sdkAppID, keys) => {
      reads.push([sdkAppID, [...keys]]);
      return new Map(keys.filter((k) => k !== 'ghost').map((k) => [k, `${sdkAppID}:${k}`]));
    });
    const first = await Promise.all([
      batch.get(1, 'a'),
      batch.get(1, 'b'),
      batch.get(1, 'a'),
      batch.get(2, 'a'),
      batch.get(1, 'ghost'),
    ]);
    expect(first).toEqual(['1:a', '1:b', '1:a', '2:a', undefined]);
    expect(reads).toEqual([
      [1, ['a', 'b', 'ghost']],
      [2, ['a']],
    ]);
    expect(await batch.get(1, 'c')).toBe('1:c');
    expect(reads).toHaveLength(3);
  });

  it('fails every lookup of a read that fails, and reads again afterwards', async () => {
    let fail = true;
    const batch = new TurnBatch<number>(async (_app, keys) => {
      if (fail) throw new Error('database gone');
      return new Map(keys.map((k) => [k, k.length]));
    });
    const failed = await Promise.allSettled([batch.get(1, 'x'), batch.get(1, 'yy')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batch.get(1, 'yy')).toBe(2);
  });
});
