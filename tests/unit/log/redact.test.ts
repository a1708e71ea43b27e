import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { createLogger } from '../../../src/main/log/logger'
import { REDACTED, Redactor } from '../../../src/main/log/redact'

const key = 'kapso_live_9f8e7d6c5b4a'

test('registered secrets vanish from text wherever they appear', () => {
  const r = new Redactor()
  r.addSecret(key)
  expect(r.text(`request failed for ${key}!`)).toBe(`request failed for ${REDACTED}!`)
})

test('credential headers echoed in error text lose their value even when not registered', () => {
  const r = new Redactor()
  expect(r.text('headers: { "x-api-key": "abc123xyz", accept: "json" }')).not.toContain('abc123xyz')
  expect(r.text('Authorization: Bearer-ish-token')).not.toContain('Bearer-ish-token')
})

test('objects: sensitive field names are masked at any depth', () => {
  const r = new Redactor()
  const out = r.value({ headers: { 'X-API-Key': 'k1', accept: 'json' }, nested: [{ secret_key: 's' }] })
  expect(out).toEqual({
    headers: { 'X-API-Key': REDACTED, accept: 'json' },
    nested: [{ secret_key: REDACTED }],
  })
})

test('the log file never contains a registered key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kapso-log-'))
  try {
    const file = join(dir, 'main.log')
    const log = createLogger({ file })
    log.redactor.addSecret(key)
    log.error(`call failed with ${key}`, { error: new Error(`401 for ${key}`), apiKey: key })
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('call failed')
    expect(text).not.toContain(key)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
