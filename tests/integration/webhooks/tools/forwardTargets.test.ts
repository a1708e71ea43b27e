import { lookup as dnsLookup } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import { networkInterfaces } from 'node:os'
import { describe, expect, test } from 'vitest'
import type { ForwardAttempt } from '../../../../src/shared/webhooks/forwarding'
import { post } from '../helpers'
import { consoleFor, type Json, sandboxFor, targetServer, until } from './support'

/**
 * Host names this test decides (there is no DNS here): a name in `names` resolves to the given
 * addresses, anything else goes to the system resolver. The forwarder gets it as its lookup.
 */
function fakeDns() {
  const names = new Map<string, string[]>()
  const lookup = ((hostname, options, callback) => {
    const fixed = names.get(hostname)
    if (!fixed) return dnsLookup(hostname, options, callback)
    const list = fixed.map((address) => ({ address, family: isIP(address) }))
    if (options.all) return (callback as (e: null, a: typeof list) => void)(null, list)
    callback(null, list[0]!.address, list[0]!.family)
  }) as LookupFunction
  return { names, lookup }
}

async function forwardingFor() {
  const sandbox = await sandboxFor()
  const dns = fakeDns()
  const c = consoleFor(sandbox, undefined, { forwardLookup: dns.lookup })
  const { receiver } = await c.listen()
  const url = new URL(receiver)
  const deliver = (body: string, event = 'whatsapp.message.received') =>
    post(url.origin, body, { event, secret: 'kapso-side-secret', path: url.pathname })
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => ({ code: 'none', message: 'accepted' }),
      (e) => e,
    )
  const settings = (target: string, extra: Json = {}) => ({
    enabled: true,
    target,
    routes: [],
    signing: { mode: 'original' },
    ...extra,
  })
  return { ...c, dns, deliver, refusal, settings }
}

/** One of this machine's own non-loopback IPv4 addresses: a real "LAN" host a test server can listen on. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'))?.address

describe('forward target policy', () => {
  test.skipIf(!lanAddress)(
    `a LAN host is refused until confirmed, then forwards reach it (this machine's ${lanAddress ?? 'none: skipped, no non-loopback IPv4 interface'})`,
    async () => {
      const { call, deliver, refusal, settings, forwarded } = await forwardingFor()
      const app = await targetServer(0, undefined, lanAddress!)
      const refused = await refusal(call('webhooks.forwarding.updateSettings', settings(`${app.url}/in`)))
      expect(refused.code).toBe('validation')
      expect(refused.message).toBe(
        `${lanAddress} is not this computer. Allow ${lanAddress} in the forwarding settings first (events and their signatures would be sent to it over the network).`,
      )
      // A replay or trigger naming it directly is refused the same way, before anything is sent.
      await deliver('{"message":{"id":"wamid.lan"}}')
      const [event] = (await call('webhooks.listEvents', {})).events as Json[]
      const replay = await refusal(
        call('webhooks.forwarding.replay', { eventId: event.id, url: `${app.url}/in` }),
      )
      expect(replay.code).toBe('validation')
      const trigger = await refusal(
        call('webhooks.trigger', {
          eventType: 'project.event',
          destination: 'forward',
          url: `${app.url}/in`,
        }),
      )
      expect(trigger.code).toBe('validation')
      expect(trigger.message).toBe(refused.message)
      expect(replay.message).toBe(refused.message)
      expect(app.requests).toHaveLength(0)

      const saved = await call(
        'webhooks.forwarding.updateSettings',
        settings(`${app.url}/in`, { allowedHosts: [lanAddress] }),
      )
      expect(saved.allowedHosts).toEqual([lanAddress])
      expect((await call('webhooks.forwarding.getSettings')).allowedHosts).toEqual([lanAddress])
      await deliver('{"message":{"id":"wamid.lan2"}}')
      await until('the forward to the LAN host', () => app.requests.length === 1 || undefined)
      expect(app.requests[0]!.body.toString()).toBe('{"message":{"id":"wamid.lan2"}}')
      await until('its recorded answer', () => forwarded.find((a) => a.state === 'ok'))
    },
  )

  test('a name that resolves to 169.254.169.254 is refused at connect time, even when confirmed (DNS rebinding)', async () => {
    const { call, deliver, dns, settings } = await forwardingFor()
    const app = await targetServer()
    dns.names.set('evil.test', ['127.0.0.1'])
    await call('webhooks.forwarding.updateSettings', {
      ...settings(`http://evil.test:${app.port}/in`, { allowedHosts: ['evil.test'] }),
      enabled: false,
    })
    await deliver('{"message":{"id":"wamid.rebind"}}')
    const [event] = (await call('webhooks.listEvents', {})).events as Json[]
    // While the name means this computer, the replay goes out (through the injected lookup).
    const first = await call<ForwardAttempt>('webhooks.forwarding.replay', { eventId: event.id })
    expect(first).toMatchObject({ state: 'ok', responseBody: 'ok /in' })
    // Then the same confirmed name answers with the metadata address: no connection is made.
    dns.names.set('evil.test', ['169.254.169.254'])
    const rebound = await call<ForwardAttempt>('webhooks.forwarding.replay', { eventId: event.id })
    expect(rebound.state).toBe('failed')
    expect(rebound.responseStatus).toBeNull()
    expect(rebound.error).toBe(
      'Refused before sending: Forwards never go to 169.254.169.254 (evil.test leads there): it is link-local (169.254.0.0/16, where cloud metadata lives).',
    )
    // One good address among bad ones does not help.
    dns.names.set('evil.test', ['127.0.0.1', '::ffff:169.254.169.254'])
    const mixed = await call<ForwardAttempt>('webhooks.forwarding.replay', { eventId: event.id })
    expect(mixed.error).toMatch(/^Refused before sending: Forwards never go to ::ffff:169\.254\.169\.254/)
    // A retry of the refused attempt is checked again, and refused again.
    const retried = await call<ForwardAttempt>('webhooks.forwarding.retry', { id: rebound.id })
    expect(retried.error).toMatch(/^Refused before sending/)
    expect(app.requests).toHaveLength(1)
  })

  test('localhost that resolves to a network address is refused at connect time without a confirmation', async () => {
    const { call, deliver, dns, settings } = await forwardingFor()
    const app = await targetServer()
    await call('webhooks.forwarding.updateSettings', {
      ...settings(`http://localhost:${app.port}/in`),
      enabled: false,
    })
    await deliver('{"message":{"id":"wamid.lh"}}')
    const [event] = (await call('webhooks.listEvents', {})).events as Json[]
    dns.names.set('localhost', ['10.1.2.3'])
    const attempt = await call<ForwardAttempt>('webhooks.forwarding.replay', { eventId: event.id })
    expect(attempt.state).toBe('failed')
    expect(attempt.error).toBe(
      'Refused before sending: localhost leads to 10.1.2.3, which is not this computer. localhost is not this computer. Allow localhost in the forwarding settings first (events and their signatures would be sent to it over the network).',
    )
    dns.names.set('localhost', ['127.0.0.1'])
    expect((await call<ForwardAttempt>('webhooks.forwarding.replay', { eventId: event.id })).state).toBe('ok')
    expect(app.requests).toHaveLength(1)
  })

  test('metadata, hex/decimal/octal spellings, IPv6 forms and user:pass@ are refused with their reason', async () => {
    const { call, refusal, settings } = await forwardingFor()
    const cases: Array<[string, RegExp]> = [
      ['http://169.254.169.254/latest/meta-data/', /never go to 169\.254\.169\.254: it is link-local/],
      ['http://[::ffff:169.254.169.254]/', /never go to ::ffff:a9fe:a9fe: it is link-local/],
      ['http://[fe80::1]/', /never go to fe80::1: it is link-local \(fe80::\/10\)/],
      ['http://0x7f000001:3000/', /Write the address the usual way \(127\.0\.0\.1\), not as "0x7f000001"/],
      ['http://2130706433:3000/', /not as "2130706433"/],
      ['http://0177.0.0.1:3000/', /not as "0177\.0\.0\.1"/],
      ['http://user:pass@localhost:3000/', /cannot carry a user name or password/],
      [
        'http://192.168.7.7/',
        /192\.168\.7\.7 is not this computer\. Allow 192\.168\.7\.7 in the forwarding settings/,
      ],
    ]
    for (const [target, message] of cases) {
      const error = await refusal(call('webhooks.forwarding.updateSettings', settings(target)))
      expect(error.code, target).toBe('validation')
      expect(error.message, target).toMatch(message)
      // A trigger signs with the session's secret: it is refused for the same reason, before signing leaves.
      const trigger = await refusal(
        call('webhooks.trigger', { eventType: 'project.event', destination: 'forward', url: target }),
      )
      expect(trigger.code, target).toBe('validation')
      expect(trigger.message, target).toMatch(message)
    }
    const metadataHost = await refusal(
      call(
        'webhooks.forwarding.updateSettings',
        settings('http://localhost:3000/', { allowedHosts: ['169.254.169.254'] }),
      ),
    )
    expect(metadataHost.message).toMatch(/169\.254\.169\.254 cannot be allowed/)
  })

  test('route paths that leave the target origin are refused', async () => {
    const { call, refusal, settings } = await forwardingFor()
    for (const path of ['//evil.test:8080/x', '/\\evil.test/x', '/\\\\evil.test']) {
      const error = await refusal(
        call(
          'webhooks.forwarding.updateSettings',
          settings('http://localhost:3000/in', { routes: [{ eventType: 'project.event', path }] }),
        ),
      )
      expect(error.code, path).toBe('validation')
      expect(error.message, path).toMatch(/A route path stays on the target/)
    }
  })
})
