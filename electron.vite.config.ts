import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          // The Electron entry, plus the same core under plain Node for the web preview and the sandbox.
          // Each is a tiny file that checks the runtime, then imports the real module (src/main/runtimeGuard.ts).
          index: resolve('src/main/entries/app.ts'),
          preview: resolve('src/main/entries/preview.ts'),
          sandbox: resolve('src/main/entries/sandbox.ts'),
          // The keychain helper process (utilityProcess in the app, fork under Node): no guard, it runs
          // under the runtime that started it.
          keychainHost: resolve('src/main/secrets/keychainHost.ts'),
          // The data worker thread (worker_threads, same process): SQLite's heavy work off main.
          dataWorker: resolve('src/main/store/dataWorker.ts'),
        },
        // Chunks beside the entries, not in chunks/: the modules find out/renderer and out/preload
        // relative to their own file (import.meta.url), so they must sit where the entries did.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload may only require('electron'): bundle everything else into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
      // No inline <script> or module preload polyfill: the CSP allows 'self' scripts only.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
    },
    plugins: [react()],
  },
})
