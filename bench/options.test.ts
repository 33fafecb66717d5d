import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';
import { FULL_PLAN, QUICK_PLAN, RAMP_MAX_FACTOR, rampRates } from './plan.js';

describe('the workers scenario', () => {
  it('is selectable with --only and part of full and quick runs', () => {
    expect(parseOptions(['--only', 'workers']).scenarios).toEqual(['workers']);
    expect(parseOptions([]).scenarios).toContain('workers');
    expect(parseOptions(['--quick']).scenarios).toContain('workers');
  });

  it('storms with no more clients than the login storm', () => {
    for (const plan of [QUICK_PLAN, FULL_PLAN]) {
      expect(plan.workers.clients).toBeLessThanOrEqual(plan.storm.clients);
    }
  });
});

describe('the message ramp', () => {
  it.each([
    ['quick', QUICK_PLAN],
    ['full', FULL_PLAN],
  ])('of the %s plan rises by at most 1.5× a step', (_, plan) => {
    const { rates } = plan.ramp;
    for (let i = 1; i < rates.length; i++) {
      const [previous, rate] = [rates[i - 1] as number, rates[i] as number];
      expect(rate).toBeGreaterThan(previous);
      expect(rate / previous).toBeLessThanOrEqual(RAMP_MAX_FACTOR);
    }
  });

  it.each([
    ['quick', QUICK_PLAN],
    ['full', FULL_PLAN],
  ])('of the %s plan starts below PostgreSQL and ends above what bare ws sustains', (_, plan) => {
    expect(plan.ramp.rates[0]).toBeLessThanOrEqual(250);
    expect(plan.ramp.rates.at(-1)).toBeGreaterThanOrEqual(60_000);
  });

  it('lists round rates of the 1–1.5–2–3–4–6–8 series between its ends', () => {
    expect(rampRates(100, 1_000)).toEqual([100, 150, 200, 300, 400, 600, 800, 1_000]);
    expect(rampRates(250, 700)).toEqual([300, 400, 600]);
    expect(rampRates(40_000, 100_000)).toEqual([40_000, 60_000, 80_000, 100_000]);
  });
});

describe('the groups scenario', () => {
  it('is selectable with --only and part of full and quick runs', () => {
    expect(parseOptions(['--quick', '--only', 'groups']).scenarios).toEqual(['groups']);
    expect(parseOptions([]).scenarios).toContain('groups');
    expect(parseOptions(['--quick']).scenarios).toContain('groups');
  });

  it('measures the Work group at full size in quick runs too, with fewer broadcasts', () => {
    expect(QUICK_PLAN.groups).toMatchObject({
      members: FULL_PLAN.groups.members,
      online: FULL_PLAN.groups.online,
    });
    expect(QUICK_PLAN.groups.broadcasts).toBeLessThan(FULL_PLAN.groups.broadcasts);
  });

  it('holds the 10,000-member AVChatRoom of the issue in a full run', () => {
    expect(FULL_PLAN.groups.roomMembers).toBe(10_000);
    expect(QUICK_PLAN.groups.roomMembers).toBeLessThanOrEqual(FULL_PLAN.groups.roomMembers);
  });

  it('has no more online Work group members than members', () => {
    for (const plan of [QUICK_PLAN, FULL_PLAN])
      expect(plan.groups.online).toBeLessThanOrEqual(plan.groups.members);
  });
});

describe('the uploads scenario', () => {
  it('is selectable with --only and part of full and quick runs', () => {
    expect(parseOptions(['--only', 'uploads']).scenarios).toEqual(['uploads']);
    expect(parseOptions(['--quick']).scenarios).toContain('uploads');
  });

  it("uploads the issue's 50 images of 1 MB in both plans, within one SDK chunk", () => {
    for (const plan of [QUICK_PLAN, FULL_PLAN]) {
      expect(plan.uploads.clients).toBe(50);
      expect(plan.uploads.imageBytes).toBe(1_000_000);
      expect(plan.uploads.imageBytes).toBeLessThanOrEqual(1024 * 1024);
    }
  });
});
