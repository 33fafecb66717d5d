import { describe, expect, it } from 'vitest';
import { checkJsonDepth } from './json-guard.js';

describe('checkJsonDepth', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(checkJsonDepth(`${'['.repeat(32)}${']'.repeat(32)}`)).toEqual({ ok: true });
    expect(checkJsonDepth(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`)).toEqual({
      ok: false,
      reason: 'JSON nests deeper than 32 levels',
    });
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ text: `${'['.repeat(100)}\\"${'{'.repeat(100)}` });
    expect(checkJsonDepth(text)).toEqual({ ok: true });
  });

  it('scans a megabyte of brackets in a few milliseconds', () => {
    const text = '['.repeat(1_048_576);
    const started = performance.now();
    expect(checkJsonDepth(text).ok).toBe(false);
    expect(checkJsonDepth(`"${text}"`).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
