/** Headers a replay must not copy: curl sets them itself, or they describe the old connection. */
const SKIP = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'accept-encoding',
  'keep-alive',
])

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`

/**
 * A shell command that sends the delivery again, byte for byte, with its
 * original headers (signature included, so the receiver verifies it again).
 */
export function curlCommand(input: {
  method: string
  url: string
  headers: readonly (readonly [string, string])[]
  body: string
  bodyEncoding: 'utf8' | 'base64'
}): string {
  const lines = [`curl -X ${input.method} ${quote(input.url)}`]
  for (const [name, value] of input.headers) {
    if (SKIP.has(name.toLowerCase())) continue
    lines.push(`  -H ${quote(`${name}: ${value}`)}`)
  }
  if (input.bodyEncoding === 'base64') {
    return `printf %s ${quote(input.body)} | base64 -d | ${lines.join(' \\\n')} \\\n  --data-binary @-`
  }
  lines.push(`  --data-binary ${quote(input.body)}`)
  return lines.join(' \\\n')
}
