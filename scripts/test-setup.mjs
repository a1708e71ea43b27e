#!/usr/bin/env node
// `npm test` runs this first, as `playwright install --with-deps` would: it
// checks for the system tools the suites use (Chromium, dbus, gnome-keyring,
// faketime, curl) and, on Debian/Ubuntu, installs the missing ones with
// apt-get (through sudo when not root). Elsewhere it says in one message
// exactly what to install. The decisions live in test-setup-plan.mjs.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { planTestSetup } from './test-setup-plan.mjs'

const probe = () => ({
  platform: process.platform,
  isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
  env: process.env,
  osRelease: existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : null,
  hasCommand: (cmd) =>
    spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0,
  exists: (path) => existsSync(path),
  aptListsEmpty:
    !existsSync('/var/lib/apt/lists') ||
    !readdirSync('/var/lib/apt/lists').some((f) => f.endsWith('Packages') || f.includes('Packages.')),
})

const run = (command) => {
  console.log(`test-setup: ${command.join(' ')}`)
  return spawnSync(command[0], command.slice(1), { stdio: 'inherit' }).status === 0
}

const plan = planTestSetup(probe())
if (plan.kind === 'manual') {
  console.error(`\n${plan.message}\n`)
  process.exit(1)
}
if (plan.kind === 'install') {
  console.log(`test-setup: installing what npm test needs: ${plan.missing.join(', ')}`)
  let ok = (!plan.update || run(plan.updateCommand)) && run(plan.installCommand)
  // Package lists that are present but stale make apt-get install fail: refresh them once and retry.
  if (!ok && !plan.update) ok = run(plan.updateCommand) && run(plan.installCommand)
  const after = planTestSetup(probe())
  if (after.kind !== 'ready') {
    const still = ` Still missing: ${after.missing.join(', ')}${ok ? '' : ' (apt-get failed: see its output above)'}.`
    console.error(
      `\ntest-setup: apt-get could not install what npm test needs.${still}\nRun: ${plan.updateCommand.join(' ')} && ${plan.installCommand.join(' ')}\n`,
    )
    process.exit(1)
  }
}
