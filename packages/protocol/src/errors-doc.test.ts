import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorRegistry } from './errors.js';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md', () => {
  it('lists exactly the codes of the registry, with their names', () => {
    const rows = [...doc.matchAll(/^\|\s*(\d+)\s*\|\s*`(\w+)`\s*\|/gm)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual(errorRegistry.map((e) => [e.code, e.name]));
  });
});
