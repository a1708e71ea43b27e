import { describe, expect, test } from 'vitest'
import type { WebhookEventSummary } from '../../../../src/shared/webhooks/event'
import type { LabReport } from '../../../../src/shared/webhooks/lab'
import { filesContaining } from '../../../support/scanForText'
import { post, sign } from '../helpers'
import { consoleFor, sandboxFor } from './support'

const OLD = 'whsec_old_0123456789abcdef'
const NEW = 'whsec_new_fedcba9876543210'

async function labFor() {
  const sandbox = await sandboxFor()
  const c = consoleFor(sandbox)
  const { receiver } = await c.listen()
  await c.call('webhooks.lab.saveSecret', { label: 'tenant (old)', secret: OLD })
  await c.call('webhooks.lab.saveSecret', { label: 'tenant (new)', secret: NEW })
  const base = new URL(receiver)
  /** Sends raw bytes with a header signed over `signed` (the raw body by default), then asks the lab. */
  const inspect = async (raw: string, secret: string | null, signed: string = raw) => {
    await post(base.origin, raw, { secret, signBytes: signed, path: base.pathname, event: 'project.event' })
    const page = await c.call('webhooks.listEvents', { limit: 1 })
    const event = page.events.at(-1) as WebhookEventSummary
    return c.call<LabReport>('webhooks.lab.inspect', { eventId: event.id })
  }
  const byLabel = (report: LabReport, label: string) => report.candidates.find((x) => x.label === label)!
  return { ...c, inspect, byLabel }
}

describe('signature lab', () => {
  test('raw bytes vs re-serialised JSON: spacing, key order and unicode escapes each get their verdict', async () => {
    const { inspect, byLabel } = await labFor()

    const spaced = await inspect('{ "a": 1,\n  "b": [1, 2] }', NEW)
    expect(spaced.difference).toBe('spacing')
    expect(byLabel(spaced, 'tenant (new)')).toMatchObject({
      verdict: 'raw-only',
      rawMatch: true,
      reserialisedMatch: false,
    })
    expect(byLabel(spaced, 'tenant (new)').expectedRaw).toBe(sign(NEW, '{ "a": 1,\n  "b": [1, 2] }'))
    expect(byLabel(spaced, 'tenant (new)').expectedReserialised).toBe(sign(NEW, '{"a":1,"b":[1,2]}'))
    expect(byLabel(spaced, 'tenant (new)').explanation).toMatch(/JSON\.stringify\(body\) will reject it/)

    // JSON.stringify moves integer-like keys first: same characters, other order.
    const ordered = await inspect('{"b":1,"10":2}', NEW)
    expect(ordered.difference).toBe('key-order')
    expect(byLabel(ordered, 'tenant (new)').verdict).toBe('raw-only')

    const escaped = await inspect('{"name":"Caf\\u00e9 \\u2615"}', NEW)
    expect(escaped.difference).toBe('unicode-escapes')
    expect(byLabel(escaped, 'tenant (new)')).toMatchObject({ verdict: 'raw-only' })

    // Already canonical: both ways agree.
    const tight = await inspect('{"a":1}', NEW)
    expect(tight.difference).toBe('none')
    expect(byLabel(tight, 'tenant (new)')).toMatchObject({
      verdict: 'raw-and-reserialised',
      reserialisedMatch: true,
    })

    // A sender that signs JSON.stringify(obj) but sends pretty-printed bytes (a proxy reformatting, or buggy code).
    const sloppy = await inspect('{\n  "a": 1\n}', NEW, '{"a":1}')
    expect(byLabel(sloppy, 'tenant (new)')).toMatchObject({
      verdict: 'reserialised-only',
      rawMatch: false,
      reserialisedMatch: true,
    })
    expect(sloppy.summary).toMatch(/re-serialised JSON with “tenant \(new\)”/)
  })

  test('during a rotation each candidate secret gets its own verdict; a tampered body matches none', async () => {
    const { inspect, byLabel, call, dir } = await labFor()
    const rotated = await inspect('{"phone_number_id":"1"}', OLD)
    expect(rotated.candidates.map((x) => x.label)).toEqual(['Listen session', 'tenant (new)', 'tenant (old)'])
    expect(byLabel(rotated, 'tenant (old)').verdict).toBe('raw-and-reserialised')
    expect(byLabel(rotated, 'tenant (new)').verdict).toBe('no-match')
    expect(byLabel(rotated, 'Listen session').verdict).toBe('no-match')
    expect(rotated.summary).toBe('Valid: “tenant (old)” signed these exact bytes.')

    const tampered = await inspect('{"amount":1000}', NEW, '{"amount":10}')
    expect(tampered.candidates.every((x) => x.verdict === 'no-match')).toBe(true)
    expect(tampered.summary).toMatch(/No match with any of 3 secrets/)
    expect(byLabel(tampered, 'tenant (new)').explanation).toMatch(/body was changed after signing/)

    const unsigned = await inspect('{"a":1}', null)
    expect(unsigned.headerState).toBe('missing')
    expect(unsigned.summary).toMatch(/unsigned/)

    // Secrets never come back: not in a report, not in the list, not in any file but the keychain.
    const listed = await call('webhooks.lab.listSecrets')
    expect(listed.map((s: { label: string }) => s.label)).toEqual(['tenant (new)', 'tenant (old)'])
    for (const text of [JSON.stringify(rotated), JSON.stringify(tampered), JSON.stringify(listed)]) {
      expect(text).not.toContain(OLD)
      expect(text).not.toContain(NEW)
    }
    expect(filesContaining(dir, OLD)).toEqual([])
    expect(filesContaining(dir, NEW)).toEqual([])

    const after = await call('webhooks.lab.removeSecret', { id: listed[1].id })
    expect(after.map((s: { label: string }) => s.label)).toEqual(['tenant (new)'])
  })

  test('a secret without a name is refused with a message that says what to do', async () => {
    const sandbox = await sandboxFor()
    const { call } = consoleFor(sandbox)
    const error = await call('webhooks.lab.saveSecret', { label: '  ', secret: 'x' }).catch((e) => e)
    expect(error.code).toBe('validation')
  })
})
