// The agent dashboard's build (npm run build -> dist/admin, served by the service at /admin) and its
// dev server (npm run dev:admin: hot reload, /api and /socket.io proxied to a running service).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const service = process.env.NEODESK_SERVICE_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/admin/',
  plugins: [react()],
  resolve: {
    // The zod-free entry of the contracts (types, ConversationTranscript, constants).
    alias: { '@neodesk/contracts': path.join(root, 'libs/contracts/src/client.ts') },
  },
  build: {
    outDir: path.join(root, 'dist/admin'),
    emptyOutDir: true,
    // No inline modulepreload polyfill or data: URLs: the dashboard's CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // Libraries change less often than the app: their own hashed file stays cached across releases.
      output: { manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined) },
    },
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: service, changeOrigin: false },
      '/socket.io': { target: service, ws: true, changeOrigin: false },
    },
  },
});
