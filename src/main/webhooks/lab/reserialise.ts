import type { ReserialiseDifference } from '../../../shared/webhooks/lab'

/**
 * What a receiver that verifies `JSON.stringify(req.body)` (as Kapso's own doc
 * examples do) actually signs: the parsed body written back out. null when the
 * body is not JSON, so there is nothing to re-serialise.
 */
export function reserialise(text: string | null): string | null {
  if (text === null || text.trim() === '') return null
  try {
    return JSON.stringify(JSON.parse(text))
  } catch {
    return null
  }
}

/** The raw text with whitespace outside strings removed; escapes and key order untouched. */
export function stripSpacing(text: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      out += c
      if (c === '\\') out += text[++i] ?? ''
      else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      out += c
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') out += c
  }
  return out
}

/** Escapes JSON.stringify never writes: \uXXXX for printable characters, and \/. */
const NEEDLESS_ESCAPE = /\\u(?!00[01][0-9a-fA-F])[0-9a-fA-F]{4}|\\\//

/**
 * Names the first reason the re-serialised bytes differ from the raw ones,
 * in the order a person would check: spacing, then escapes, then key order.
 */
export function classifyDifference(raw: string | null, again: string | null): ReserialiseDifference {
  if (raw === null || again === null) return 'not-json'
  if (raw === again) return 'none'
  const tight = stripSpacing(raw)
  if (tight === again) return 'spacing'
  if (NEEDLESS_ESCAPE.test(tight)) return 'unicode-escapes'
  if (tight.length === again.length && sortedChars(tight) === sortedChars(again)) return 'key-order'
  return 'other'
}

const sortedChars = (s: string) => [...s].sort().join('')

export const differenceExplanations: Record<ReserialiseDifference, string> = {
  none: 'Re-serialising this body gives the same bytes, so code that verifies JSON.stringify(body) happens to work for it.',
  spacing:
    'This body has spaces or line breaks that JSON.stringify drops, so code that verifies the re-serialised body computes a different HMAC.',
  'unicode-escapes':
    'This body writes characters as \\u escapes that JSON.stringify prints literally, so code that verifies the re-serialised body computes a different HMAC.',
  'key-order':
    'Re-serialising reorders this body’s keys (JSON.stringify puts integer-like keys first), so code that verifies the re-serialised body computes a different HMAC.',
  other:
    'Re-serialising changes this body (number formatting, duplicate keys or similar), so code that verifies the re-serialised body computes a different HMAC.',
  'not-json': 'This body is not JSON, so only the raw bytes can be verified.',
}
