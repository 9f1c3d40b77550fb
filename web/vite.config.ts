/**
 * Builds the dashboard (web/) into dist/web, which the API serves at / (src/api/routes/dashboard).
 * Everything is a file of our own: no CDN, no inline script (the pages run under a strict CSP).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The polyfill would be injected as code we do not need; every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    // The build reports each chunk's gzipped size; bench/dashboard-bundle-size reads the manifest.
    manifest: true,
    reportCompressedSize: true,
  },
})
