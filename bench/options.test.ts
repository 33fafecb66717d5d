import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';
import { FULL_PLAN, QUICK_PLAN } from './plan.js';

describe('the workers scenario', () => {
  it('is selectable with --only and part of full and quick runs', () => {
    expect(parseOptions(['--only', 'workers']).scenarios).toEqual(['workers']);
    expect(parseOptions([]).scenarios).toContain('workers');
    expect(parseOptions(['--quick']).scenarios).toContain('workers');
  });

  it('has bounded, rising plans', () => {
    for (const plan of [QUICK_PLAN, FULL_PLAN]) {
      expect(plan.workers.clients).toBeLessThanOrEqual(plan.storm.clients);
      expect(plan.workers.ramp).toEqual([...plan.workers.ramp].sort((a, b) => a - b));
    }
  });
});
