import { describe, expect, test } from 'vitest'
import { parseNdjson, toNdjsonLine } from '../../../src/main/webhooks/archive/ndjson'
import { forwardHeaders } from '../../../src/main/webhooks/forwarding/headers'
import { routeFor } from '../../../src/main/webhooks/forwarding/routes'
import { classifyDifference, reserialise, stripSpacing } from '../../../src/main/webhooks/lab/reserialise'
import { labReport } from '../../../src/main/webhooks/lab/verdicts'
import { ForwardSettingsSchema, ForwardUrlSchema } from '../../../src/shared/webhooks/forwarding'

describe('re-serialisation differences', () => {
  const diff = (raw: string) => classifyDifference(raw, reserialise(raw))
  test.each([
    ['{"a":1}', 'none'],
    ['{ "a" : 1 }', 'spacing'],
    ['{"a":1}\n', 'spacing'],
    ['{"s":"\\u00e9"}', 'unicode-escapes'],
    ['{"s":"a\\/b"}', 'unicode-escapes'],
    ['{"z":1,"1":2}', 'key-order'],
    ['{"n":1.0}', 'other'],
    ['{"a":1,"a":2}', 'other'],
    ['not json', 'not-json'],
  ])('%s → %s', (raw, expected) => {
    expect(diff(raw)).toBe(expected)
  })
  test('spaces inside strings are kept, escaped quotes do not end a string', () => {
    expect(stripSpacing('{ "a b": "c \\" d" }')).toBe('{"a b":"c \\" d"}')
  })
  test('a control-character escape is what JSON.stringify writes too, so it is not a difference', () => {
    expect(diff('{"s":"\\u0001"}')).toBe('none')
  })
})

describe('lab report', () => {
  test('never carries a secret, and says why when the header is malformed', () => {
    const report = labReport(1, Buffer.from('{"a":1}'), 'sha256=zz', [
      { label: 'x', source: 'saved', secret: 'super-secret-value' },
    ])
    expect(report.headerState).toBe('malformed')
    expect(report.candidates[0]!.verdict).toBe('no-match')
    expect(JSON.stringify(report)).not.toContain('super-secret-value')
  })
})

describe('forward routes and headers', () => {
  const settings = ForwardSettingsSchema.parse({
    enabled: true,
    target: 'http://localhost:3000/webhooks?x=1',
    routes: [{ eventType: 'whatsapp.message.received', path: '/m' }],
    signing: { mode: 'original' },
  })
  test('a route replaces the path on the target origin; others go to the target', () => {
    expect(routeFor(settings, 'whatsapp.message.received')).toBe('http://localhost:3000/m')
    expect(routeFor(settings, 'project.event')).toBe('http://localhost:3000/webhooks?x=1')
    expect(() => routeFor({ ...settings, target: '' }, null)).toThrow(/Set a forward target first/)
  })
  test('only http(s) URLs are targets', () => {
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'ws://localhost', 'http://', '/relative'])
      expect(ForwardUrlSchema.safeParse(bad).success).toBe(false)
    expect(ForwardUrlSchema.safeParse('https://example.com/x').success).toBe(true)
  })
  test('hop-by-hop headers are dropped; re-signing replaces the signature in place', () => {
    const original: [string, string][] = [
      ['Host', 'a'],
      ['Content-Length', '3'],
      ['X-Webhook-Signature', 'old'],
      ['X-Webhook-Event', 'e'],
    ]
    expect(forwardHeaders(original)).toEqual([
      ['X-Webhook-Signature', 'old'],
      ['X-Webhook-Event', 'e'],
      ['Content-Type', 'application/json'],
    ])
    expect(forwardHeaders(original, 'new')[0]).toEqual(['X-Webhook-Signature', 'new'])
    expect(forwardHeaders([['X-Webhook-Event', 'e']], 'new')).toContainEqual(['X-Webhook-Signature', 'new'])
  })
})

describe('NDJSON lines', () => {
  const line = toNdjsonLine({
    format: 'kapso-console/webhook-delivery@1',
    receivedAt: '2026-01-01T00:00:00.000Z',
    method: 'POST',
    path: '/p',
    source: '127.0.0.1',
    signature: 'valid',
    headers: [['A', 'b']],
    bodyEncoding: 'utf8',
    body: '{}',
  })
  test('round-trip, CRLF tolerated, blank lines skipped', () => {
    expect(parseNdjson(`${line}\r\n\n${line}\n`)).toHaveLength(2)
  })
  test('bad lines are named, nothing is returned', () => {
    expect(() =>
      parseNdjson(`${line}\n{}\n${line.replace('"utf8"', '"base64"').replace('"{}"', '"!!"')}`),
    ).toThrow(/line 2: format: .*; line 3: body: not base64/)
  })
})

describe('forward log retention', () => {
  test('old successful attempts are trimmed; failed ones stay until retried or their event goes', async () => {
    const { openDatabase } = await import('../../../src/main/store/database')
    const { migrations } = await import('../../../src/main/store/migrations')
    const { ForwardLog } = await import('../../../src/main/webhooks/forwarding/forwardLog')
    const db = openDatabase(':memory:', migrations)
    const log = new ForwardLog(db)
    const add = (status: number) => {
      const id = log.begin({
        kind: 'trigger',
        deliveryId: null,
        eventId: null,
        eventType: 'project.event',
        url: 'http://localhost/x',
        signing: 'resigned',
        headers: [],
        body: Buffer.from('{}'),
        startedAt: Date.now(),
        retryOf: null,
      })
      log.finish(id, { status, body: '', error: null, durationMs: 1 })
      return id
    }
    const failed = add(500)
    for (let i = 0; i < 8; i++) add(200)
    expect(log.prune(3)).toBe(5)
    expect(log.get(failed)).toMatchObject({ state: 'failed' })
    expect(log.recent(100)).toHaveLength(4)
    db.close()
  })
})
