#!/usr/bin/env node
// Runs the unit and integration suites with the system clock a year ahead and a year behind
// (libfaketime's `faketime`, Debian package `faketime`), proving that no test depends on today's
// date. `npm run test:clock`; CI runs it after `npm test`.
import { spawnSync } from 'node:child_process'

const offsets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['+365d', '-365d']
const suites = ['test:unit', 'test:integration']

if (spawnSync('sh', ['-c', 'command -v faketime'], { stdio: 'ignore' }).status !== 0) {
  console.error(
    'clock check: `faketime` is not installed. On Debian/Ubuntu: sudo apt-get install -y faketime (elsewhere: libfaketime from your package manager).',
  )
  process.exit(1)
}

for (const offset of offsets) {
  for (const suite of suites) {
    console.log(`\n::: ${suite} with the clock at ${offset}`)
    // Only the wall clock moves; monotonic clocks (timers, performance.now) stay real.
    const run = spawnSync('faketime', ['-f', offset, 'npm', 'run', suite], {
      stdio: 'inherit',
      env: { ...process.env, FAKETIME_DONT_FAKE_MONOTONIC: '1' },
    })
    if (run.status !== 0) {
      console.error(`clock check: ${suite} failed with the clock at ${offset}`)
      process.exit(run.status ?? 1)
    }
  }
}
console.log(`\nclock check: unit and integration suites pass at ${offsets.join(' and ')}`)
