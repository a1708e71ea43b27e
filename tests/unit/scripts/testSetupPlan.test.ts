/**
 * What `npm test`'s set-up step decides for each machine, with the machine's
 * facts injected as probes (scripts/test-setup-plan.mjs is pure).
 */
import { describe, expect, test } from 'vitest'
import type { SetupProbes } from '../../../scripts/test-setup-plan.mjs'
import { isDebianLike, planTestSetup } from '../../../scripts/test-setup-plan.mjs'

const debian = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'
const ubuntu = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'
const mint = 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n'
const fedora = 'NAME="Fedora Linux"\nID=fedora\n'

const allTools = ['dbus-run-session', 'gnome-keyring-daemon', 'faketime', 'curl', 'apt-get', 'sudo']

/** A Debian machine with everything, minus `without`. */
function machine(overrides: Partial<SetupProbes> & { without?: string[] } = {}): SetupProbes {
  const { without = [], ...rest } = overrides
  const present = new Set([...allTools, '/usr/bin/chromium'].filter((t) => !without.includes(t)))
  return {
    platform: 'linux',
    isRoot: false,
    env: {},
    osRelease: debian,
    hasCommand: (cmd) => present.has(cmd),
    exists: (path) => present.has(path),
    aptListsEmpty: false,
    ...rest,
  }
}

const aptEnv = ['env', 'DEBIAN_FRONTEND=noninteractive']

describe('planTestSetup', () => {
  test('nothing missing: ready, nothing to run', () => {
    expect(planTestSetup(machine())).toEqual({ kind: 'ready' })
  })

  test('Debian, not root: the missing packages through sudo, non-interactive, no update when lists exist', () => {
    const plan = planTestSetup(
      machine({ without: ['/usr/bin/chromium', 'gnome-keyring-daemon', 'faketime'] }),
    )
    expect(plan).toEqual({
      kind: 'install',
      missing: ['chromium', 'gnome-keyring-daemon', 'faketime'],
      update: false,
      updateCommand: ['sudo', ...aptEnv, 'apt-get', 'update', '-qq'],
      installCommand: [
        'sudo',
        ...aptEnv,
        'apt-get',
        'install',
        '-y',
        '-qq',
        '--no-install-recommends',
        'chromium',
        'gnome-keyring',
        'dbus-x11',
        'faketime',
      ],
    })
  })

  test('a fresh Debian image as root (no package lists): update first, no sudo', () => {
    const plan = planTestSetup(
      machine({ isRoot: true, aptListsEmpty: true, without: ['dbus-run-session', 'sudo'] }),
    )
    expect(plan).toMatchObject({
      kind: 'install',
      missing: ['dbus-run-session'],
      update: true,
      updateCommand: [...aptEnv, 'apt-get', 'update', '-qq'],
      installCommand: [...aptEnv, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'dbus'],
    })
  })

  test('Debian, not root and no sudo: one message with the exact command to run as root', () => {
    const plan = planTestSetup(machine({ without: ['curl', 'sudo'] }))
    expect(plan.kind).toBe('manual')
    if (plan.kind !== 'manual') return
    expect(plan.missing).toEqual(['curl'])
    expect(plan.message).toContain(
      'Run as root: apt-get update && apt-get install -y -qq --no-install-recommends curl',
    )
  })

  test('Ubuntu and its derivatives count as Debian-like; Fedora does not', () => {
    expect(isDebianLike(ubuntu)).toBe(true)
    expect(isDebianLike(mint)).toBe(true)
    expect(isDebianLike(fedora)).toBe(false)
    expect(isDebianLike(null)).toBe(false)
    expect(planTestSetup(machine({ osRelease: ubuntu, without: ['faketime'] })).kind).toBe('install')
  })

  test('another Linux: one message listing each missing tool and the Debian package names', () => {
    const plan = planTestSetup(
      machine({ osRelease: fedora, without: ['faketime', 'gnome-keyring-daemon', 'apt-get'] }),
    )
    expect(plan.kind).toBe('manual')
    if (plan.kind !== 'manual') return
    expect(plan.missing).toEqual(['gnome-keyring-daemon', 'faketime'])
    expect(plan.message).toContain('- gnome-keyring-daemon: keychain tests use a real Secret Service')
    expect(plan.message).toContain('- faketime:')
    expect(plan.message).toContain('Debian names: gnome-keyring dbus-x11 faketime')
  })

  test('macOS: no dbus or gnome-keyring needed; Chromium via CHROMIUM_PATH and faketime via brew', () => {
    const plan = planTestSetup(
      machine({
        platform: 'darwin',
        osRelease: null,
        without: ['/usr/bin/chromium', 'dbus-run-session', 'gnome-keyring-daemon', 'faketime'],
      }),
    )
    expect(plan.kind).toBe('manual')
    if (plan.kind !== 'manual') return
    expect(plan.missing).toEqual(['chromium', 'faketime'])
    expect(plan.message).toContain('set CHROMIUM_PATH')
    expect(plan.message).toContain('brew install libfaketime')
  })

  test('CHROMIUM_PATH is used instead of /usr/bin/chromium when set', () => {
    const probes = machine({ without: ['/usr/bin/chromium'], env: { CHROMIUM_PATH: '/opt/chrome/chrome' } })
    const present = machine({ without: ['/usr/bin/chromium'] })
    expect(
      planTestSetup({ ...probes, exists: (p) => p === '/opt/chrome/chrome' || present.exists(p) }),
    ).toEqual({
      kind: 'ready',
    })
  })

  test('a CHROMIUM_PATH that points nowhere is reported, not "fixed" by installing a package', () => {
    const plan = planTestSetup(machine({ env: { CHROMIUM_PATH: '/nope/chrome' } }))
    expect(plan.kind).toBe('manual')
    if (plan.kind !== 'manual') return
    expect(plan.message).toContain('CHROMIUM_PATH is set to /nope/chrome, which does not exist')
  })
})
