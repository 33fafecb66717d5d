/**
 * The import-direction rule of docs/architecture.md, checked over the source tree: layers import
 * downwards only (transport → session → services → storage / bus), so a feature never reaches
 * for a connection and the storage and bus adapters stay usable on their own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

/** Folder → the top-level folders of src/ it must never import from. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  // The transport knows frames and connections: ops and their schemas come from the op table.
  transport: ['services', 'http', 'cli'],
  session: ['transport', 'http', 'cli'],
  services: ['transport', 'session', 'http', 'cli'],
  rest: ['transport', 'session', 'services', 'http', 'cli'],
  webhooks: ['transport', 'session', 'services', 'rest', 'http', 'cli'],
  bus: ['transport', 'session', 'services', 'rest', 'webhooks', 'http', 'cli'],
  storage: ['transport', 'session', 'services', 'rest', 'webhooks', 'bus', 'http', 'cli'],
};

const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folder of src/ a path is in (`''` for files directly in src/). */
function layerOf(path: string): string {
  const parts = relative(SRC, path).split('/');
  return parts.length > 1 ? (parts[0] ?? '') : '';
}

/** Every `folder/file.ts → target` import that breaks the rule. */
function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const forbidden = FORBIDDEN[layerOf(file)];
    if (!forbidden) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = layerOf(resolve(dirname(file), match[1] ?? ''));
      if (forbidden.includes(target)) found.push(`${relative(SRC, file)} imports ${match[1]}`);
    }
  }
  return found;
}

describe('source layout', () => {
  it('imports downwards only: no service, session, bus or storage file imports the transport', () => {
    expect(violations()).toEqual([]);
  });

  it('sees the imports it checks (the rule is not vacuous)', () => {
    const gateway = readFileSync(join(SRC, 'transport', 'gateway.ts'), 'utf8');
    const targets = [...gateway.matchAll(IMPORT)].map((m) => m[1]);
    expect(targets).toContain('../session/op-table.js');
  });
});
