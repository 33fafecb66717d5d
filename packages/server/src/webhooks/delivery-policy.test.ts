import { describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_POLICY, deliveryPolicy, retryDelayMs } from './delivery-policy.js';

describe('retryDelayMs', () => {
  it.each([
    [1, 4_000],
    [2, 8_000],
    [3, 16_000],
    [4, 32_000],
    [5, 60_000],
    [9, 60_000],
  ])('waits after failed attempt %i for %i ms by default', (failed, delay) => {
    expect(retryDelayMs(failed, DEFAULT_DELIVERY_POLICY)).toBe(delay);
  });

  it('spreads the default five attempts over about a minute', () => {
    let total = 0;
    for (let failed = 1; failed < DEFAULT_DELIVERY_POLICY.maxAttempts; failed += 1) {
      total += retryDelayMs(failed, DEFAULT_DELIVERY_POLICY);
    }
    expect(total).toBe(60_000);
  });
});

describe('deliveryPolicy', () => {
  it('fills in the defaults', () => {
    expect(deliveryPolicy({ maxAttempts: 2 })).toEqual({ ...DEFAULT_DELIVERY_POLICY, maxAttempts: 2 });
  });

  it.each([
    [{ maxAttempts: 0 }, /maxAttempts/],
    [{ maxInFlight: 0 }, /maxInFlight/],
    [{ timeoutMs: 1.5 }, /timeoutMs/],
    [{ retryBaseMs: -1 }, /retryBaseMs/],
    [{ timeoutMs: 5_000, leaseMs: 5_000 }, /leaseMs .* must exceed timeoutMs/],
  ])('refuses %o', (overrides, message) => {
    expect(() => deliveryPolicy(overrides)).toThrow(message);
  });
});
