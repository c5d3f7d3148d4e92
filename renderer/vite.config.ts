import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(new URL(import.meta.url).pathname);

/** Renderer build: dist/renderer, served by the desk server (web and embedded modes). */
export default defineConfig({
  root,
  base: '/',
  publicDir: path.join(root, 'public'),
  plugins: [react()],
  build: {
    outDir: path.resolve(root, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/trpc': 'http://127.0.0.1:5170',
      '/healthz': 'http://127.0.0.1:5170',
      '/api': 'http://127.0.0.1:5170',
    },
  },
});
