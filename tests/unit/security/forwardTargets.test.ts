import { describe, expect, test } from 'vitest'
import {
  checkConnectAddress,
  checkTarget,
  classifyAddress,
  type TargetRefusal,
} from '../../../src/main/security/forwardTargets'
import { ForwardRouteSchema, routeStaysOnOrigin } from '../../../src/shared/webhooks/forwarding'

const CONFIRMED = ['192.168.1.20', 'dev-box.lan', 'fd12::7']

describe('forward targets: what a forward, replay or trigger may be sent to', () => {
  test.each<[string, true | TargetRefusal]>([
    // this computer: allowed without asking
    ['http://localhost:3000/webhooks', true],
    ['http://127.0.0.1:3000/x', true],
    ['http://127.8.9.10/x', true],
    ['http://[::1]:3000/x', true],
    ['http://api.localhost/x', true],
    ['HTTP://LOCALHOST/x', true],
    // confirmed hosts
    ['http://192.168.1.20:8080/in', true],
    ['https://dev-box.lan/in', true],
    ['http://[fd12::7]/in', true],
    // not confirmed
    ['http://192.168.1.21/in', 'unconfirmed'],
    ['http://10.0.0.5/in', 'unconfirmed'],
    ['https://example.com/in', 'unconfirmed'],
    ['http://evil.test/in', 'unconfirmed'],
    ['http://[2001:db8::1]/in', 'unconfirmed'],
    ['http://[::ffff:192.168.1.21]/in', 'obfuscated'],
    // never: link-local, metadata, unspecified, multicast, in every spelling
    ['http://169.254.169.254/latest/meta-data/', 'never'],
    ['http://169.254.1.1/', 'never'],
    ['http://0xa9fea9fe/', 'never'],
    ['http://2852039166/', 'never'],
    ['http://[::ffff:169.254.169.254]/', 'never'],
    ['http://[::ffff:a9fe:a9fe]/', 'never'],
    ['http://[64:ff9b::169.254.169.254]/', 'never'],
    ['http://[fe80::1]/', 'never'],
    // WHATWG URL has no zone ids: not a URL at all
    ['http://[fe80::1%25eth0]/', 'invalid'],
    ['http://[fd00:ec2::254]/', 'never'],
    ['http://100.100.100.200/', 'never'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'never'],
    ['http://0.0.0.0:3000/', 'never'],
    ['http://[::]:3000/', 'never'],
    ['http://224.0.0.1/', 'never'],
    ['http://255.255.255.255/', 'never'],
    // hex, decimal and octal spellings of loopback hide the address: write it plainly
    ['http://0x7f000001/', 'obfuscated'],
    ['http://2130706433/', 'obfuscated'],
    ['http://0177.0.0.1/', 'obfuscated'],
    ['http://127.1/', 'obfuscated'],
    ['http://[0:0:0:0:0:0:0:1]/', 'obfuscated'],
    ['http://[::ffff:127.0.0.1]/', 'obfuscated'],
    // credentials and schemes
    ['http://user:pass@localhost:3000/', 'credentials'],
    ['http://user@localhost:3000/', 'credentials'],
    ['http://user:pass@192.168.1.20/', 'credentials'],
    ['file:///etc/passwd', 'scheme'],
    ['ftp://localhost/x', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['not a url', 'invalid'],
  ])('%s → %s', (url, expected) => {
    const verdict = checkTarget(url, CONFIRMED)
    if (expected === true) {
      expect(verdict.ok, verdict.ok ? '' : verdict.message).toBe(true)
    } else {
      expect(verdict.ok).toBe(false)
      if (!verdict.ok) {
        expect(verdict.reason).toBe(expected)
        expect(verdict.message.length).toBeGreaterThan(20)
      }
    }
  })

  test('refusals say what to do', () => {
    const say = (url: string) => {
      const v = checkTarget(url, [])
      return v.ok ? '' : v.message
    }
    expect(say('http://192.168.1.21/')).toMatch(
      /192\.168\.1\.21 is not this computer\. Allow 192\.168\.1\.21 in the forwarding settings first/,
    )
    expect(say('http://169.254.169.254/')).toMatch(/never go to 169\.254\.169\.254: it is link-local/)
    expect(say('http://0x7f000001/')).toMatch(
      /Write the address the usual way \(127\.0\.0\.1\), not as "0x7f000001"/,
    )
    expect(say('http://a:b@localhost/')).toMatch(/cannot carry a user name or password/)
  })

  test('a confirmation does not open link-local or metadata addresses', () => {
    expect(checkTarget('http://169.254.169.254/', ['169.254.169.254']).ok).toBe(false)
    expect(checkTarget('http://[fe80::1]/', ['fe80::1']).ok).toBe(false)
  })

  test.each<[string, string, string[], boolean]>([
    // the address a socket actually reaches, for the host it was asked for
    ['127.0.0.1', 'localhost', [], true],
    ['::1', 'localhost', [], true],
    ['::ffff:127.0.0.1', 'evil.test', [], true],
    ['10.1.2.3', 'localhost', [], false],
    ['192.168.1.20', 'dev-box.lan', ['dev-box.lan'], true],
    ['192.168.1.20', 'other.lan', ['dev-box.lan'], false],
    ['169.254.169.254', 'evil.test', ['evil.test'], false],
    ['::ffff:169.254.169.254', 'evil.test', ['evil.test'], false],
    ['fe80::1', 'evil.test', ['evil.test'], false],
  ])('connected to %s for %s (confirmed %j): %s', (address, host, allowed, ok) => {
    expect(checkConnectAddress(address, host, allowed).ok).toBe(ok)
  })

  test('IPv6 classification reads embedded IPv4', () => {
    expect(classifyAddress('::ffff:7f00:1').kind).toBe('loopback')
    expect(classifyAddress('::127.0.0.1').kind).toBe('loopback')
    expect(classifyAddress('64:ff9b::a9fe:a9fe').kind).toBe('never')
    expect(classifyAddress('fe80::abcd:1%eth0').kind).toBe('never')
    expect(classifyAddress('2001:db8::1').kind).toBe('network')
  })
})

describe('routes are paths on the target’s origin', () => {
  test.each([
    ['/hooks/messages', true],
    ['/a/b?x=1', true],
    ['/a/../b', true],
    ['//evil.test:8080/x', false],
    ['/\\evil.test/x', false],
    ['/\\\\evil.test/x', false],
    ['\\\\evil.test/x', false],
    ['/a\tb', false],
    ['hooks', false],
    ['http://evil.test/x', false],
  ])('%s stays on the origin: %s', (path, ok) => {
    expect(routeStaysOnOrigin(path)).toBe(ok)
    expect(ForwardRouteSchema.safeParse({ eventType: 'x', path }).success).toBe(ok)
  })
})
