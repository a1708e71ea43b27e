import { z } from 'zod'

/**
 * Strings that come from outside (the page, a form, a file) before any of them
 * reaches SQLite, a URL path or a log line. Three things break things further
 * down and are never meaningful in this console's inputs:
 * - a lone surrogate (half of a UTF-16 pair): `encodeURIComponent` throws
 *   URIError on it, and it has no UTF-8 form to store or send;
 * - NUL: SQLite's full-text MATCH and C string APIs stop at it;
 * - other C0 controls (and DEL) in one-line fields: invisible, and they split
 *   log lines and CSV cells.
 * Every string input of the IPC contract is built from the helpers below, and
 * `call()` (ipc/define.ts) checks the first two on every string of every input
 * as well, so a field someone adds later without a helper is still safe.
 */

// In a `u` regex a pair is one code point, so \p{Surrogate} matches only a lone half
// (the same test as String#isWellFormed, which the project's TypeScript lib does not declare yet).
const LONE_SURROGATE = /\p{Surrogate}/u

/** Well-formed UTF-16: every surrogate is part of a pair. */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value)
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ONE_LINE_CONTROLS = /[\u0000-\u001f\u007f]/
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const MULTILINE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** Why a string cannot be an input, in words the person can act on; null when it can. */
export function textProblem(value: string, options: { multiline?: boolean } = {}): string | null {
  if (!isWellFormed(value))
    return 'Contains a broken character (half of a UTF-16 pair); retype or paste the text again.'
  if (value.includes('\u0000')) return 'Contains a NUL character; remove it.'
  if ((options.multiline ? MULTILINE_CONTROLS : ONE_LINE_CONTROLS).test(value))
    return options.multiline
      ? 'Contains a control character; only tabs and line breaks are allowed.'
      : 'Contains a control character (such as a line break or tab); keep it on one line.'
  return null
}

export interface TextOptions {
  /** Longest accepted, in UTF-16 code units (String#length), after trimming. */
  max: number
  min?: number
  /** Trim surrounding whitespace first (before the length and character checks). */
  trim?: boolean
  /** Allow tab, line feed and carriage return (message bodies, JSON, file contents). */
  multiline?: boolean
  /** Messages in the form's own words. */
  tooLong?: string
  tooShort?: string
}

/** Free text: well-formed, no NUL, no control characters (but tab and newlines when multiline), bounded. */
export function text(options: TextOptions) {
  const trimmed = options.trim ? z.string().trim() : z.string()
  const min = options.min ?? 0
  const bounded = trimmed
    .min(min, options.tooShort ?? `Must be at least ${min} characters.`)
    .max(options.max, options.tooLong ?? `Must be at most ${options.max} characters.`)
  return bounded.superRefine((value, ctx) => {
    const problem = textProblem(value, { multiline: options.multiline ?? false })
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
}

/** Ids (Kapso's UUIDs, project ids, job ids) go into URL paths and SQL: a plain charset only. */
const ID_PATTERN = /^[A-Za-z0-9._:-]+$/

/** An id of up to `max` characters (200 unless told): letters, digits and . _ : - only. */
export function idText(max = 200) {
  return z
    .string()
    .min(1, 'An id is required.')
    .max(max, `An id is at most ${max} characters.`)
    .regex(ID_PATTERN, 'An id has only letters, digits and . _ : -')
}

/**
 * The first string anywhere in `value` (keys included) that has a lone
 * surrogate or a NUL, with its path; null when there is none. Used by `call()`
 * on every parsed input, whatever its schema says.
 */
export function findBrokenString(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; message: string } | null {
  if (typeof value === 'string') {
    if (!isWellFormed(value))
      return {
        path,
        message: 'Contains a broken character (half of a UTF-16 pair); retype or paste the text again.',
      }
    if (value.includes('\u0000')) return { path, message: 'Contains a NUL character; remove it.' }
    return null
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBrokenString(value[i], [...path, i])
      if (found) return found
    }
    return null
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const inKey = findBrokenString(key, [...path, key])
      if (inKey) return inKey
      const found = findBrokenString(item, [...path, key])
      if (found) return found
    }
  }
  return null
}
