/** Writes a run's JSON, Markdown summary and SVG chart into the results folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchDocument } from './document.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';

/** A file-name-safe timestamp: 2025-11-22T10-31-05Z. */
export function fileStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replaceAll(':', '-')}Z`;
}

export function writeResults(doc: BenchDocument, dir: string, stamp: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = {
    json: join(dir, `${stamp}.json`),
    md: join(dir, `${stamp}.md`),
    svg: join(dir, `${stamp}.svg`),
  };
  writeFileSync(files.json, `${JSON.stringify(doc, null, 2)}\n`);
  writeFileSync(files.svg, renderSvg(doc));
  writeFileSync(files.md, renderMarkdown(doc, `${stamp}.svg`));
  return Object.values(files);
}
