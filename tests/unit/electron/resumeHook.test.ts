/**
 * The powerMonitor resume hook, against a real EventEmitter standing in for
 * Electron's powerMonitor (the one boundary faked: no Electron binary here).
 */
import { EventEmitter } from 'node:events'
import { expect, test } from 'vitest'
import { checkWebhooksOnResume } from '../../../src/main/electron/resumeHook'
import { captureLog } from './support'

test('each resume from sleep asks the webhook session to check for missed deliveries, until disposed', () => {
  const powerMonitor = new EventEmitter()
  let resumed = 0
  const { log, lines } = captureLog()
  const dispose = checkWebhooksOnResume(powerMonitor, { resumed: () => void resumed++ }, log)

  powerMonitor.emit('suspend')
  expect(resumed).toBe(0)
  powerMonitor.emit('resume')
  powerMonitor.emit('resume')
  expect(resumed).toBe(2)
  expect(lines.join('\n')).toContain('system resumed from sleep')

  dispose()
  powerMonitor.emit('resume')
  expect(resumed).toBe(2)
  expect(powerMonitor.listenerCount('resume')).toBe(0)
})
