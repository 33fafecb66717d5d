/**
 * A bar chart drawn as inline SVG elements: the console shows DAU and MAU without a chart library.
 * The geometry is a pure function (tested); `barChart` turns it into SVG elements.
 */

export interface Bar {
  label: string;
  value: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  /** The top of the value axis: a "nice" number at or above the largest value. */
  max: number;
  ticks: number[];
  bars: { x: number; y: number; width: number; height: number; label: string; value: number }[];
}

/** Room for the axis labels. */
export const PADDING = { left: 36, right: 8, top: 10, bottom: 26 };

/** The smallest of 1, 2, 5 × 10^n at or above `value` (at least 1, so an empty chart has an axis). */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function chartGeometry(data: readonly Bar[], width: number, height: number): ChartGeometry {
  const max = niceMax(Math.max(0, ...data.map((bar) => bar.value)));
  const plotWidth = width - PADDING.left - PADDING.right;
  const plotHeight = height - PADDING.top - PADDING.bottom;
  const slot = data.length === 0 ? plotWidth : plotWidth / data.length;
  const barWidth = Math.max(1, slot * 0.7);
  const tickCount = max < 4 ? max : 4;
  const ticks = Array.from({ length: tickCount + 1 }, (_, i) => (max * i) / tickCount);
  return {
    width,
    height,
    max,
    ticks,
    bars: data.map((bar, index) => {
      const barHeight = (bar.value / max) * plotHeight;
      return {
        x: PADDING.left + index * slot + (slot - barWidth) / 2,
        y: PADDING.top + plotHeight - barHeight,
        width: barWidth,
        height: barHeight,
        label: bar.label,
        value: bar.value,
      };
    }),
  };
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Draws the chart; every `labelEvery`-th bar gets its label under the axis. */
export function barChart(
  data: readonly Bar[],
  options: { title: string; labelEvery: number; testID: string },
): SVGSVGElement {
  const geometry = chartGeometry(data, 640, 190);
  const root = svg('svg', {
    viewBox: `0 0 ${geometry.width} ${geometry.height}`,
    role: 'img',
    'aria-label': options.title,
    class: 'chart',
    'data-testid': options.testID,
  });
  const bottom = geometry.height - PADDING.bottom;
  const plotHeight = bottom - PADDING.top;
  for (const tick of geometry.ticks) {
    const y = bottom - (tick / geometry.max) * plotHeight;
    root.append(
      svg('line', { x1: PADDING.left, x2: geometry.width - PADDING.right, y1: y, y2: y, class: 'grid' }),
    );
    root.append(
      svg(
        'text',
        { x: PADDING.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' },
        String(Math.round(tick)),
      ),
    );
  }
  geometry.bars.forEach((bar, index) => {
    const rect = svg('rect', {
      x: bar.x,
      y: bar.y,
      width: bar.width,
      height: Math.max(bar.height, 0),
      rx: 2,
      class: 'bar',
    });
    rect.append(svg('title', {}, `${bar.label}: ${bar.value}`));
    root.append(rect);
    if (index % options.labelEvery === 0 || index === geometry.bars.length - 1) {
      root.append(
        svg(
          'text',
          { x: bar.x + bar.width / 2, y: bottom + 16, 'text-anchor': 'middle', class: 'axis' },
          bar.label,
        ),
      );
    }
  });
  return root;
}
