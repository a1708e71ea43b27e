#!/usr/bin/env node
// `npm start`: build, then launch the Electron app — or explain in one clear
// message why it cannot, and point at the web preview.
import { spawnSync } from 'node:child_process'
import { requireElectronBinary } from './electron-binary.mjs'

requireElectronBinary()
const result = spawnSync('npx', ['electron-vite', 'preview'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
})
process.exit(result.status ?? 1)
