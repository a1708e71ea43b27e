/**
 * The IPC sender check, run against typed stand-ins of exactly the Electron
 * objects registerIpc is handed (ipcMain, BrowserWindow, the invoke event):
 * no Electron binary can be downloaded here, so Electron itself is the one
 * boundary faked. The types in ipcBridge.ts are what Electron's own objects
 * satisfy in src/main/index.ts, so the stand-ins cannot drift from them.
 */
import type * as Electron from 'electron'
import { describe, expect, test } from 'vitest'
import type { Core } from '../../../src/main/core/createCore'
import type { HandlerTable } from '../../../src/main/core/handlerTable'
import type { InvokeListener, InvokeSender, IpcBridgeElectron } from '../../../src/main/electron/ipcBridge'
import { registerIpc } from '../../../src/main/electron/ipcBridge'
import { EventHub } from '../../../src/main/ipc/eventHub'
import { callChannel, callNames, eventChannel } from '../../../src/shared/ipc/contract'
import { captureLog } from './support'

const APP = 'app://bundle'

type StandInWindow = ReturnType<IpcBridgeElectron['BrowserWindow']['getAllWindows']>[number]

function setup(appOrigin = APP) {
  const listeners = new Map<string, InvokeListener>()
  const ipcMain: IpcBridgeElectron['ipcMain'] = {
    handle: (channel, listener) => {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`)
      listeners.set(channel, listener)
    },
    removeHandler: (channel) => {
      listeners.delete(channel)
    },
  }
  // Our window shows webContents 1; webContents 2 belongs to no window of ours.
  const sent: Array<{ window: string; channel: string; items: unknown }> = []
  const makeWindow = (name: string, destroyed: boolean): StandInWindow => ({
    isDestroyed: () => destroyed,
    webContents: {
      send: (channel: string, ...args: unknown[]) => sent.push({ window: name, channel, items: args[0] }),
    },
  })
  const ours = makeWindow('main', false)
  const windows = [ours, makeWindow('closed', true)]
  const BrowserWindow: IpcBridgeElectron['BrowserWindow'] = {
    fromWebContents: (contents) => (contents.id === 1 ? ours : null),
    getAllWindows: () => windows,
  }
  const { log, lines } = captureLog()
  const calls: unknown[] = []
  const about = {
    appName: 'Kapso Console',
    appVersion: '1.2.3',
    runtime: { node: '24', electron: '45', platform: 'linux' },
    dataDir: '/tmp/x',
    activeProject: null,
    keychain: { state: 'available' as const, backend: 'test' },
  }
  // Only the call under test answers; dispatch looks handlers up by name.
  const handlers = {
    'app.getAbout': async (input: unknown) => {
      calls.push(input)
      return about
    },
  } as unknown as HandlerTable
  const events = new EventHub({ windowMs: 1 })
  const core: Pick<Core, 'handlers' | 'log' | 'events'> = { handlers, log, events }
  const dispose = registerIpc(core, () => appOrigin, { ipcMain, BrowserWindow })

  const invoke = (event: InvokeSender) => {
    const listener = listeners.get(callChannel('app.getAbout'))
    if (!listener) throw new Error('no handler for app.getAbout')
    return Promise.resolve(listener(event, undefined))
  }
  return { invoke, listeners, calls, lines, sent, events, dispose, about }
}

/** The main frame of webContents `id`, showing `url`. */
const mainFrame = (id: number, url: string): InvokeSender => ({
  sender: { id },
  senderFrame: { url, parent: null },
})

describe('registerIpc: who may call', () => {
  test('the main frame of our window, on the app origin, reaches the handler', async () => {
    const { invoke, calls, about } = setup()
    await expect(invoke(mainFrame(1, `${APP}/index.html`))).resolves.toEqual({ ok: true, data: about })
    expect(calls).toHaveLength(1)
  })

  const refused: Array<[string, InvokeSender]> = [
    [
      'a subframe of our window, even on the app origin',
      // Any non-null parent means "not the main frame"; a whole WebFrameMain cannot be built without Electron.
      { sender: { id: 1 }, senderFrame: { url: `${APP}/index.html`, parent: {} as Electron.WebFrameMain } },
    ],
    ['a frame already gone (senderFrame null)', { sender: { id: 1 }, senderFrame: null }],
    ['another window (webContents not one of ours)', mainFrame(2, `${APP}/index.html`)],
    ['our window after it navigated to another origin', mainFrame(1, 'https://evil.example/index.html')],
    ['a look-alike host', mainFrame(1, 'app://bundle.evil/index.html')],
    ['the app path on another scheme', mainFrame(1, 'file:///bundle/index.html')],
    ['an unparsable url', mainFrame(1, 'not a url')],
  ]
  test.each(refused)('%s gets untrusted_sender and the handler never runs', async (_name, event) => {
    const { invoke, calls, lines } = setup()
    const result = await invoke(event)
    expect(result).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } })
    expect(calls).toHaveLength(0)
    expect(lines.join('\n')).toContain('ipc refused: untrusted sender')
  })

  test('in dev the origin is the dev server exactly: another port is refused', async () => {
    const { invoke } = setup('http://localhost:5173')
    await expect(invoke(mainFrame(1, 'http://localhost:5173/'))).resolves.toMatchObject({ ok: true })
    await expect(invoke(mainFrame(1, 'http://localhost:5174/'))).resolves.toMatchObject({
      ok: false,
      error: { code: 'untrusted_sender' },
    })
  })

  test('a trusted sender with bad input gets validation from the contract, and its handler never runs', async () => {
    const { listeners } = setup()
    const listener = listeners.get(callChannel('projects.activate'))
    const result = await Promise.resolve(listener?.(mainFrame(1, `${APP}/`), { id: 42 }))
    expect(result).toMatchObject({ ok: false, error: { code: 'validation' } })
  })
})

describe('registerIpc: wiring', () => {
  test('every call in the contract has exactly one handler, and dispose removes them all', () => {
    const { listeners, dispose } = setup()
    expect([...listeners.keys()].sort()).toEqual(callNames.map(callChannel).sort())
    dispose()
    expect(listeners.size).toBe(0)
  })

  test('events go to every live window, never to a destroyed one, and stop after dispose', () => {
    const { events, sent, dispose } = setup()
    const list = { projects: [], activeId: 'sandbox' }
    events.emit('projects.changed', list)
    events.flush()
    expect(sent).toEqual([{ window: 'main', channel: eventChannel('projects.changed'), items: [list] }])
    dispose()
    events.emit('projects.changed', list)
    events.flush()
    expect(sent).toHaveLength(1)
  })
})
