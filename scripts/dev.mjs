#!/usr/bin/env node
// `npm run dev`: electron-vite's dev server and the app with hot reload — or,
// without the Electron binary, the same one message as `npm start`.
import { spawnSync } from 'node:child_process'
import { requireElectronBinary } from './electron-binary.mjs'

requireElectronBinary()
const result = spawnSync('npx', ['electron-vite', 'dev', ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
process.exit(result.status ?? 1)
