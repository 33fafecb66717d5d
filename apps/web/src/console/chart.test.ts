import { describe, expect, it } from 'vitest';
import { chartGeometry, niceMax, PADDING } from './chart.js';

describe('niceMax', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [150, 200],
    [500, 500],
    [501, 1000],
  ])('rounds %d up to %d', (value, nice) => {
    expect(niceMax(value)).toBe(nice);
  });
});

describe('chartGeometry', () => {
  it('draws the largest bar to the top of the axis and a zero bar flat on the baseline', () => {
    const geometry = chartGeometry(
      [
        { label: 'a', value: 0 },
        { label: 'b', value: 10 },
      ],
      200,
      100,
    );
    const bottom = 100 - PADDING.bottom;
    expect(geometry.max).toBe(10);
    expect(geometry.bars[0]).toMatchObject({ height: 0, y: bottom });
    expect(geometry.bars[1]).toMatchObject({ y: PADDING.top, height: bottom - PADDING.top });
    expect(geometry.ticks).toEqual([0, 2.5, 5, 7.5, 10]);
  });

  it('gives an empty chart an axis from 0 to 1', () => {
    expect(chartGeometry([], 200, 100)).toMatchObject({ max: 1, ticks: [0, 1], bars: [] });
  });
});
