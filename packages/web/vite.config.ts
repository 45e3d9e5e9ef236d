import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * The UI is built once (`npm run build`, also run by the root `postinstall`) into `dist/`,
 * which `verilab serve` serves at `/`. `npm run dev -w @verilab/web` serves it with hot reload
 * and proxies the API to a `verilab serve` on VERILAB_API (default http://127.0.0.1:8000).
 */
const API = process.env['VERILAB_API'] ?? 'http://127.0.0.1:8000';
const API_PATHS = ['/reset', '/step', '/state', '/close', '/decode', '/health', '/healthz', '/metadata', '/schema', '/openapi.json', '/docs', '/mcp', '/envs'];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), tailwindcss()],
  // The workspace packages' TypeScript sources (their "source" export), not their dist/ builds.
  resolve: { conditions: ['@verilab/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      ...Object.fromEntries(API_PATHS.map((path) => [path, { target: API }])),
      '/ws': { target: API, ws: true },
    },
  },
});
