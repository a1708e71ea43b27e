/**
 * The navigation, window and permission guards, run against typed stand-ins of
 * exactly the Electron objects hardenWebContents is handed (app, session,
 * shell, each webContents). No Electron binary can be downloaded here, so
 * Electron is the one boundary faked; the types in hardening.ts are what
 * Electron's own objects satisfy in src/main/index.ts.
 */
import { describe, expect, test } from 'vitest'
import type {
  CheckedPermissionName,
  GuardedContents,
  HardeningElectron,
  PermissionName,
  Preventable,
} from '../../../src/main/electron/hardening'
import { hardenWebContents } from '../../../src/main/electron/hardening'
import { captureLog } from './support'

const APP = 'app://bundle'

type RequestHandler = Parameters<
  HardeningElectron['session']['defaultSession']['setPermissionRequestHandler']
>[0]
type CheckHandler = Parameters<HardeningElectron['session']['defaultSession']['setPermissionCheckHandler']>[0]
type Listener = (event: Preventable, url: string) => void

async function setup(appOrigin = APP) {
  let created: ((event: unknown, contents: GuardedContents) => void) | null = null
  let requestHandler: RequestHandler | null = null
  let checkHandler: CheckHandler | null = null
  const opened: string[] = []
  let ready: () => void = () => {}
  const readyPromise = new Promise<void>((resolve) => {
    ready = resolve
  })
  const electron: HardeningElectron = {
    app: {
      on: (_event, listener) => {
        created = listener
      },
      whenReady: () => readyPromise,
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler) => {
          requestHandler = handler
        },
        setPermissionCheckHandler: (handler) => {
          checkHandler = handler
        },
      },
    },
    shell: {
      openExternal: async (url) => {
        opened.push(url)
      },
    },
  }
  const { log, lines } = captureLog()
  hardenWebContents(() => appOrigin, log, electron)

  /** A new webContents, as Electron announces it; returns what the guards installed on it. */
  const newContents = () => {
    let windowOpen: ((details: { url: string }) => { action: 'deny' }) | null = null
    const listeners = new Map<string, Listener>()
    const contents: GuardedContents = {
      setWindowOpenHandler: (handler) => {
        windowOpen = handler
      },
      on: (event: string, listener: Listener) => {
        listeners.set(event, listener)
      },
    }
    if (!created) throw new Error('no web-contents-created listener')
    created({}, contents)
    /** Fires `event` with `url`; true when the guard cancelled it. */
    const fire = (event: string, url = '') => {
      let prevented = false
      const listener = listeners.get(event)
      if (!listener) throw new Error(`no ${event} listener`)
      listener({ preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    const openWindow = (url: string) => {
      if (!windowOpen) throw new Error('no window open handler')
      return windowOpen({ url })
    }
    return { fire, openWindow }
  }

  ready()
  await readyPromise
  // Let the .then() after whenReady run.
  await new Promise((resolve) => setImmediate(resolve))
  return {
    newContents,
    opened,
    lines,
    requestHandler: () => requestHandler,
    checkHandler: () => checkHandler,
  }
}

describe('hardenWebContents: navigation', () => {
  test('navigation inside the app origin goes ahead', async () => {
    const { newContents, opened } = await setup()
    const wc = newContents()
    expect(wc.fire('will-navigate', `${APP}/index.html#/webhooks`)).toBe(false)
    expect(wc.fire('will-redirect', `${APP}/other.html`)).toBe(false)
    expect(opened).toEqual([])
  })

  test.each([
    'https://evil.example/',
    'app://bundle.evil/index.html',
    'file:///etc/passwd',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'not a url',
  ])('navigation to %s is cancelled, and so is a redirect there', async (url) => {
    const { newContents } = await setup()
    const wc = newContents()
    expect(wc.fire('will-navigate', url)).toBe(true)
    expect(wc.fire('will-redirect', url)).toBe(true)
  })

  test('a cancelled navigation to plain https opens in the default browser; anything else only logs', async () => {
    const { newContents, opened, lines } = await setup()
    const wc = newContents()
    wc.fire('will-navigate', 'https://docs.kapso.ai/x')
    wc.fire('will-navigate', 'http://docs.kapso.ai/x')
    wc.fire('will-navigate', 'file:///etc/passwd')
    wc.fire('will-navigate', 'https://user:pass@docs.kapso.ai/')
    expect(opened).toEqual(['https://docs.kapso.ai/x'])
    expect(lines.filter((l) => l.includes('blocked a link that is not plain https'))).toHaveLength(3)
  })

  test('in dev the dev server is the app origin, exactly (another port is off the app)', async () => {
    const { newContents } = await setup('http://localhost:5173')
    const wc = newContents()
    expect(wc.fire('will-navigate', 'http://localhost:5173/#/x')).toBe(false)
    expect(wc.fire('will-navigate', 'http://localhost:5174/')).toBe(true)
  })

  test('a <webview> is never attached', async () => {
    const { newContents } = await setup()
    expect(newContents().fire('will-attach-webview')).toBe(true)
  })
})

describe('hardenWebContents: new windows', () => {
  test.each([
    [`${APP}/index.html`, []],
    ['https://docs.kapso.ai/', ['https://docs.kapso.ai/']],
    ['http://docs.kapso.ai/', []],
    ['mailto:a@b.c', []],
    ['ms-settings:privacy', []],
    // The browser gets the parsed form: the backslash is a path separator to the URL parser.
    ['https://docs.kapso.ai\\@evil/', ['https://docs.kapso.ai/@evil/']],
  ])('window.open(%s) is denied; only a parsed https link reaches openExternal', async (url, expected) => {
    const { newContents, opened } = await setup()
    expect(newContents().openWindow(url)).toEqual({ action: 'deny' })
    expect(opened).toEqual(expected)
  })
})

describe('hardenWebContents: permissions', () => {
  // Record<…, true> makes the type checker insist on every name Electron's typings list.
  const everyRequest: Record<PermissionName, true> = {
    ar: true,
    'automatic-fullscreen': true,
    'background-fetch': true,
    'background-sync': true,
    'captured-surface-control': true,
    'clipboard-read': true,
    'clipboard-sanitized-write': true,
    'deprecated-sync-clipboard-read': true,
    'display-capture': true,
    fileSystem: true,
    fullscreen: true,
    geolocation: true,
    'geolocation-approximate': true,
    'hand-tracking': true,
    hid: true,
    'idle-detection': true,
    keyboardLock: true,
    'local-fonts': true,
    'local-network': true,
    'local-network-access': true,
    'loopback-network': true,
    media: true,
    mediaKeySystem: true,
    midi: true,
    midiSysex: true,
    nfc: true,
    notifications: true,
    openExternal: true,
    'payment-handler': true,
    'periodic-background-sync': true,
    'persistent-storage': true,
    pointerLock: true,
    'screen-wake-lock': true,
    sensors: true,
    serial: true,
    'smart-card': true,
    'speaker-selection': true,
    'storage-access': true,
    'system-wake-lock': true,
    'top-level-storage-access': true,
    usb: true,
    vr: true,
    'web-app-installation': true,
    'web-printing': true,
    'window-management': true,
    unknown: true,
  }
  const everyCheck: Record<CheckedPermissionName, true> = everyRequest

  test('every permission request is answered false, once, and logged', async () => {
    const { requestHandler, lines } = await setup()
    const handler = requestHandler()
    expect(handler).not.toBeNull()
    for (const permission of Object.keys(everyRequest) as PermissionName[]) {
      const answers: boolean[] = []
      handler?.({}, permission, (granted) => answers.push(granted))
      expect(answers, permission).toEqual([false])
    }
    expect(lines.filter((l) => l.includes('denied a permission request'))).toHaveLength(
      Object.keys(everyRequest).length,
    )
  })

  test('every permission check is answered false', async () => {
    const { checkHandler } = await setup()
    const handler = checkHandler()
    expect(handler).not.toBeNull()
    for (const permission of Object.keys(everyCheck) as CheckedPermissionName[]) {
      expect(handler?.({}, permission), permission).toBe(false)
    }
  })
})
