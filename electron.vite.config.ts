import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          // The Electron entry, plus the same core under plain Node for the web preview and the sandbox.
          index: resolve('src/main/index.ts'),
          preview: resolve('src/main/preview/cli.ts'),
          sandbox: resolve('src/main/sandbox/cli.ts'),
          // The keychain helper process (utilityProcess in the app, fork under Node).
          keychainHost: resolve('src/main/secrets/keychainHost.ts'),
          // The data worker thread (worker_threads, same process): SQLite's heavy work off main.
          dataWorker: resolve('src/main/store/dataWorker.ts'),
        },
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
