import { isIP } from 'node:net'

/**
 * Where forwards, replays and triggers may send a stored (or re-signed) webhook. By default only
 * this computer (loopback). Any other host needs the person's explicit confirmation, stored in
 * the forwarding settings as `allowedHosts`. Link-local and cloud metadata addresses are refused
 * always: an event body POSTed there is how a page turns the console into a probe of the machine's
 * cloud credentials. The check runs twice: on the URL (here) and on every address the host name
 * resolves to and the one actually connected to (`targetDispatcher.ts`), so DNS cannot bypass it.
 */

export type AddressKind = 'loopback' | 'never' | 'network'

export interface AddressVerdict {
  kind: AddressKind
  /** Why it is never allowed, in words ("link-local (cloud metadata)"). */
  why?: string
}

/** Host names that only ever mean a cloud metadata service. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data'])

function ipv4Verdict(a: number, b: number, c: number, d: number): AddressVerdict {
  if (a === 127) return { kind: 'loopback' }
  if (a === 0) return { kind: 'never', why: 'the unspecified address (0.0.0.0/8)' }
  if (a === 169 && b === 254)
    return { kind: 'never', why: 'link-local (169.254.0.0/16, where cloud metadata lives)' }
  if (a === 100 && b === 100 && c === 100 && d === 200)
    return { kind: 'never', why: 'a cloud metadata address' }
  if (a >= 224) return { kind: 'never', why: 'a multicast, broadcast or reserved address' }
  return { kind: 'network' }
}

function parseIpv4(text: string): [number, number, number, number] | null {
  const parts = text.split('.')
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null
  return parts.map(Number) as [number, number, number, number]
}

/** Eight 16-bit groups of an IPv6 address (an embedded dotted IPv4 tail included), or null. */
function ipv6Groups(text: string): number[] | null {
  let head = text
  const tail: number[] = []
  const dotted = head.match(/(\d+\.\d+\.\d+\.\d+)$/)
  if (dotted) {
    const v4 = parseIpv4(dotted[1]!)
    if (!v4) return null
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3])
    head = head.slice(0, -dotted[1]!.length)
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1)
  }
  const halves = head.split('::')
  if (halves.length > 2) return null
  const read = (s: string) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : [])
  const left = read(halves[0]!)
  const right = [...read(halves[1] ?? ''), ...tail]
  if (halves.length === 1) {
    const all = [...left, ...tail]
    return all.length === 8 ? all : null
  }
  const fill = 8 - left.length - right.length
  if (fill < 0) return null
  return [...left, ...new Array<number>(fill).fill(0), ...right]
}

/** What an IP address is, for the policy. IPv4 written inside IPv6 (mapped, compatible, NAT64) counts as that IPv4. */
export function classifyAddress(raw: string): AddressVerdict {
  const address = raw
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase()
  const family = isIP(address)
  if (family === 4) return ipv4Verdict(...parseIpv4(address)!)
  if (family !== 6) return { kind: 'never', why: 'not an IP address' }
  const g = ipv6Groups(address)
  if (!g) return { kind: 'never', why: 'not an IP address' }
  const embedded = () => ipv4Verdict(g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff)
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0)
  if (zeroTo(7) && g[7] === 1) return { kind: 'loopback' }
  if (zeroTo(8)) return { kind: 'never', why: 'the unspecified address (::)' }
  if (zeroTo(5) && g[5] === 0xffff) return embedded() // ::ffff:a.b.c.d
  if (zeroTo(6)) return embedded() // ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded() // NAT64
  if ((g[0]! & 0xffc0) === 0xfe80) return { kind: 'never', why: 'link-local (fe80::/10)' }
  if ((g[0]! & 0xff00) === 0xff00) return { kind: 'never', why: 'a multicast address' }
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254)
    return { kind: 'never', why: 'a cloud metadata address' }
  return { kind: 'network' }
}

export type TargetRefusal = 'invalid' | 'scheme' | 'credentials' | 'obfuscated' | 'never' | 'unconfirmed'

export type TargetVerdict =
  | { ok: true; url: URL; host: string }
  | { ok: false; reason: TargetRefusal; message: string; host: string | null }

/** The host as written between `//` and the path, without user info or port, lower-cased. */
function writtenHost(raw: string): string | null {
  const authority = raw.trim().match(/^[a-z][a-z0-9+.-]*:[/\\]{2}([^/\\?#]*)/i)?.[1]
  if (authority === undefined) return null
  const host = authority.slice(authority.lastIndexOf('@') + 1)
  return (
    host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '')
  ).toLowerCase()
}

/** The host a confirmation names: the URL's host name, lower-cased, IPv6 without brackets. */
export function hostKey(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase()
}

export function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost')
}

/**
 * Whether a forward may be sent to `raw`, given the hosts the person confirmed. The name is only
 * half the answer: `targetDispatcher` checks what it resolves to and where the socket connects.
 */
export function checkTarget(raw: string, allowedHosts: readonly string[]): TargetVerdict {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'invalid', message: `"${raw.slice(0, 100)}" is not a URL.`, host: null }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      reason: 'scheme',
      message: 'Only http:// or https:// URLs can be forward targets, e.g. http://localhost:3000/webhooks.',
      host: null,
    }
  }
  const host = hostKey(url.hostname)
  if (url.username || url.password) {
    return {
      ok: false,
      reason: 'credentials',
      message:
        'A forward URL cannot carry a user name or password (user:pass@). Remove them; the target must not need them.',
      host,
    }
  }
  const family = isIP(host)
  const verdict = family ? classifyAddress(host) : null
  if (verdict?.kind === 'never' || METADATA_NAMES.has(host)) {
    return {
      ok: false,
      reason: 'never',
      message: `Forwards never go to ${host}: it is ${verdict?.why ?? 'a cloud metadata service'}.`,
      host,
    }
  }
  if (family) {
    // new URL() reads 0x7f000001, 2130706433 and 0177.0.0.1 as 127.0.0.1: such spellings only hide the address.
    const written = writtenHost(raw)
    if (written !== null && hostKey(written) !== host) {
      return {
        ok: false,
        reason: 'obfuscated',
        message: `Write the address the usual way (${family === 6 ? `[${host}]` : host}), not as "${written}".`,
        host,
      }
    }
  }
  if (verdict?.kind === 'loopback' || (!family && isLoopbackName(host))) return { ok: true, url, host }
  if (allowedHosts.includes(host)) return { ok: true, url, host }
  return { ok: false, reason: 'unconfirmed', message: unconfirmedMessage(host), host }
}

export function unconfirmedMessage(host: string): string {
  return `${host} is not this computer. Allow ${host} in the forwarding settings first (events and their signatures would be sent to it over the network).`
}

/**
 * Whether a socket may be (or stay) connected to `address` for a request to `host`: never-addresses
 * always refused, loopback always fine, anything else only for a host the person confirmed.
 */
export function checkConnectAddress(
  address: string,
  host: string,
  allowedHosts: readonly string[],
): { ok: true } | { ok: false; message: string } {
  const verdict = classifyAddress(address)
  if (verdict.kind === 'never')
    return {
      ok: false,
      message: `Forwards never go to ${address} (${host} leads there): it is ${verdict.why}.`,
    }
  if (verdict.kind === 'loopback' || allowedHosts.includes(hostKey(host))) return { ok: true }
  return {
    ok: false,
    message: `${host} leads to ${address}, which is not this computer. ${unconfirmedMessage(hostKey(host))}`,
  }
}
