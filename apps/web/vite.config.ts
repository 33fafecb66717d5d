/**
 * Two pages: the demo chat at `/` and the admin console at `/console/`. The server serves `dist/`
 * (packages/server/src/http/static.ts), so everything is relative to the site root and nothing is
 * fetched from elsewhere: the pages work offline.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Browsers of the last few years; the SDK needs nothing newer than ES2022.
    target: 'es2022',
    rollupOptions: {
      input: { chat: page('index.html'), console: page('console/index.html') },
    },
  },
  server: {
    // `npm run dev` in apps/web: the pages from Vite, everything else from a Parley server on :8080.
    proxy: {
      '/demo': 'http://127.0.0.1:8080',
      '/console/api': 'http://127.0.0.1:8080',
      '/v4': 'http://127.0.0.1:8080',
    },
  },
});
