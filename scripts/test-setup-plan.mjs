// What `npm test` needs from the machine beyond node_modules, and what to do
// when some of it is missing. Pure: every fact about the machine comes in as a
// probe, so tests/unit/scripts/testSetupPlan.test.ts can check each decision.
// scripts/test-setup.mjs runs the real probes and carries the plan out.

/**
 * Each tool the suites use, with the Debian/Ubuntu packages that provide it.
 * dbus-x11 gives gnome-keyring its session bus without pulling in systemd's.
 */
export const requirements = [
  { tool: 'chromium', why: 'the E2E suite drives a real Chromium', packages: ['chromium'], linuxOnly: false },
  {
    tool: 'dbus-run-session',
    why: 'keychain tests run in a private D-Bus session',
    packages: ['dbus'],
    linuxOnly: true,
  },
  {
    tool: 'gnome-keyring-daemon',
    why: 'keychain tests use a real Secret Service',
    packages: ['gnome-keyring', 'dbus-x11'],
    linuxOnly: true,
  },
  {
    tool: 'faketime',
    why: 'the clock check runs the suites a year ahead and behind',
    packages: ['faketime'],
    linuxOnly: false,
  },
  {
    tool: 'curl',
    why: "the reference's curl examples are replayed for real",
    packages: ['curl'],
    linuxOnly: false,
  },
]

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** True on Debian, Ubuntu and their derivatives, read from /etc/os-release. */
export function isDebianLike(osRelease) {
  if (!osRelease) return false
  const field = (name) => osRelease.match(new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm'))?.[1] ?? ''
  return [field('ID'), ...field('ID_LIKE').split(/\s+/)].some((id) => id === 'debian' || id === 'ubuntu')
}

/**
 * probes: { platform, isRoot, env, osRelease (text or null), hasCommand(cmd), exists(path), aptListsEmpty }
 * Returns one of:
 *   { kind: 'ready' }
 *   { kind: 'install', missing, update, updateCommand, installCommand }   (apt-get, through sudo when not root)
 *   { kind: 'manual', missing, message }                         (one message saying exactly what to do)
 */
export function planTestSetup(probes) {
  const linux = probes.platform === 'linux'
  const chromiumPath = probes.env.CHROMIUM_PATH || DEFAULT_CHROMIUM
  const missing = requirements.filter((r) => {
    if (r.linuxOnly && !linux) return false
    if (r.tool === 'chromium') return !probes.exists(chromiumPath)
    return !probes.hasCommand(r.tool)
  })
  if (missing.length === 0) return { kind: 'ready' }

  const list = missing.map((r) => `  - ${r.tool}: ${r.why}`).join('\n')
  // A CHROMIUM_PATH that points nowhere is the person's own setting: installing a package would not fix it.
  if (probes.env.CHROMIUM_PATH && missing.some((r) => r.tool === 'chromium')) {
    return {
      kind: 'manual',
      missing: missing.map((r) => r.tool),
      message: `npm test needs:\n${list}\nCHROMIUM_PATH is set to ${probes.env.CHROMIUM_PATH}, which does not exist: point it at a Chromium or Chrome binary, or unset it to use ${DEFAULT_CHROMIUM}.`,
    }
  }
  const packages = [...new Set(missing.flatMap((r) => r.packages))]
  const aptInstall = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]
  // env(1) carries DEBIAN_FRONTEND through sudo, which drops the caller's environment.
  const apt = (args) => [...(probes.isRoot ? [] : ['sudo']), 'env', 'DEBIAN_FRONTEND=noninteractive', ...args]
  if (linux && isDebianLike(probes.osRelease) && probes.hasCommand('apt-get')) {
    if (probes.isRoot || probes.hasCommand('sudo')) {
      return {
        kind: 'install',
        missing: missing.map((r) => r.tool),
        // A fresh image has no package lists; elsewhere update only if the install fails on stale ones.
        update: probes.aptListsEmpty,
        updateCommand: apt(['apt-get', 'update', '-qq']),
        installCommand: apt(aptInstall),
      }
    }
    return {
      kind: 'manual',
      missing: missing.map((r) => r.tool),
      message: `npm test needs:\n${list}\nRun as root: apt-get update && ${aptInstall.join(' ')}\nthen npm test again.`,
    }
  }
  const how = linux
    ? `Install them with your package manager (Debian names: ${packages.join(' ')}).`
    : `Install ${missing.map((r) => (r.tool === 'chromium' ? 'Chromium or Chrome (then set CHROMIUM_PATH to its binary)' : r.tool)).join(', ')}${missing.some((r) => r.tool === 'faketime') ? ' (macOS: brew install libfaketime)' : ''}.`
  return {
    kind: 'manual',
    missing: missing.map((r) => r.tool),
    message: `npm test needs:\n${list}\n${how}\nthen npm test again.`,
  }
}
