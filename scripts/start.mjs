#!/usr/bin/env node
// `npm start`: build, then launch the Electron app — or explain in one clear
// message why it cannot, and point at the web preview.
import { spawnSync } from 'node:child_process'
import { electronMissingMessage, findElectronBinary } from './electron-binary.mjs'

const run = (cmd, args, opts = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32', ...opts })

if (!findElectronBinary()) {
  console.log('Electron binary not found; trying to fetch it once (this needs internet access)…')
  const fetched = run(process.execPath, ['node_modules/electron/install.js'], {
    timeout: 120_000,
    stdio: 'ignore',
  })
  if (fetched.status !== 0 || !findElectronBinary()) {
    console.error(`\n${electronMissingMessage}`)
    process.exit(1)
  }
}
const result = run('npx', ['electron-vite', 'preview'])
process.exit(result.status ?? 1)
