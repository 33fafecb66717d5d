import { afterEach, describe, expect, it, vi } from 'vitest';
import { newInstanceID } from './instance-id.js';

describe('newInstanceID', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('differs per call', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newInstanceID()));
    expect(ids.size).toBe(100);
  });

  it('falls back to getRandomValues, then to Math.random, when crypto is partial or missing', () => {
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => a.fill(7) });
    expect(newInstanceID()).toBe('07'.repeat(16));
    vi.stubGlobal('crypto', undefined);
    expect(newInstanceID()).toMatch(/^[0-9a-f]{32}$/);
  });
});
