#!/usr/bin/env node
// Runs a command inside a private D-Bus session with an unlocked gnome-keyring,
// so tests use a real Secret Service without touching the developer's own keyring.
// Where dbus-run-session or gnome-keyring-daemon is missing, it says so and runs
// the command as is (keychain tests then exercise the "unavailable" path).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const args = process.argv.slice(2)
if (args.length === 0) {
  console.error('usage: with-keyring.mjs <command> [args…]')
  process.exit(2)
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0

let result
if (process.env.KAPSO_KEYRING_SESSION === '1') {
  result = spawnSync(args[0], args.slice(1), { stdio: 'inherit' })
} else if (process.platform === 'linux' && has('dbus-run-session') && has('gnome-keyring-daemon')) {
  // A throwaway keyring folder: never the developer's own login keyring, and
  // no stale keyring from an earlier run with another password.
  const keyringHome = mkdtempSync(join(tmpdir(), 'kapso-keyring-'))
  const script =
    'echo -n kapso-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"'
  result = spawnSync('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...args], {
    stdio: 'inherit',
    env: {
      ...process.env,
      XDG_DATA_HOME: keyringHome,
      KAPSO_KEYRING_SESSION: '1',
      KAPSO_TEST_SECRET_SERVICE: 'gnome-keyring',
    },
  })
  rmSync(keyringHome, { recursive: true, force: true })
} else {
  if (process.platform === 'linux') {
    console.warn(
      'with-keyring: dbus-run-session or gnome-keyring-daemon not found; running without a Secret Service.',
    )
  }
  result = spawnSync(args[0], args.slice(1), { stdio: 'inherit' })
}
process.exit(result.status ?? 1)
