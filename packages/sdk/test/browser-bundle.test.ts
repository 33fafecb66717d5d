/**
 * The browser / React Native entry must bundle without Node: no built-in modules (with or without the
 * `node:` prefix) and no `ws`. esbuild's browser platform refuses built-ins outright, and the metafile
 * shows what else went in.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const protocol = fileURLToPath(new URL('../../protocol/src/index.ts', import.meta.url));

/** Bundles the workspace's protocol sources rather than its build output. */
const protocolFromSource: Plugin = {
  name: 'protocol-from-source',
  setup(b) {
    b.onResolve({ filter: /^@parley\/protocol$/ }, () => ({ path: protocol }));
  },
};

/** Fails the build on any Node built-in, whatever esbuild's platform defaults say. */
const refuseNodeBuiltins: Plugin = {
  name: 'refuse-node-builtins',
  setup(b) {
    const builtins = new Set(builtinModules);
    b.onResolve({ filter: /.*/ }, (args) =>
      args.path.startsWith('node:') || builtins.has(args.path)
        ? { errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer}` }] }
        : undefined,
    );
  },
};

describe('browser bundle', () => {
  it('bundles src/index.ts for the browser with no Node built-ins and no ws', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
      plugins: [protocolFromSource, refuseNodeBuiltins],
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('node_modules/fflate/esm/browser.js'))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/ws\//.test(path) || path.startsWith('node:'))).toEqual([]);
    for (const output of Object.values(result.metafile.outputs)) {
      expect(output.imports.filter((i) => i.external)).toEqual([]);
    }
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('createImSDKPlugin');
  });

  it('the Node entry is the one that pulls in ws', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../src/node.ts', import.meta.url))],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
      plugins: [protocolFromSource],
    });
    expect(Object.keys(result.metafile.inputs).some((path) => /node_modules\/ws\//.test(path))).toBe(true);
  });
});
