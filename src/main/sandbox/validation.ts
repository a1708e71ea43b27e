import { ApiError, unprocessable } from './http'

/**
 * Field checks shared by the resource modules. Messages follow the Rails
 * full-message style the LEGACY examples show ("Success redirect url must be a valid URL").
 */

/** The Rails-style root key (`{"customer": {...}}`); missing or not an object is a 422. */
export function rootObject(
  body: Record<string, unknown>,
  key: string,
  required = true,
): Record<string, unknown> {
  const value = body[key]
  if (value === undefined && !required) return {}
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw unprocessable(`param is missing or the value is empty: ${key}`)
  }
  return value as Record<string, unknown>
}

export const has = (obj: Record<string, unknown>, key: string): boolean => Object.hasOwn(obj, key)

const humanise = (field: string) => {
  const words = field.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}

export function optionalString(obj: Record<string, unknown>, key: string): string | null | undefined {
  if (!has(obj, key)) return undefined
  const value = obj[key]
  if (value === null) return null
  if (typeof value !== 'string') throw unprocessable(`${humanise(key)} must be a string`)
  return value
}

export function requiredString(obj: Record<string, unknown>, key: string): string {
  const value = obj[key]
  if (typeof value !== 'string' || value.trim() === '') throw unprocessable(`${humanise(key)} can't be blank`)
  return value
}

export function optionalUrl(obj: Record<string, unknown>, key: string): string | null | undefined {
  const value = optionalString(obj, key)
  if (value === undefined || value === null || value === '') return value === '' ? null : value
  if (!isHttpUrl(value)) throw unprocessable(`${humanise(key)} must be a valid URL`)
  return value
}

export function optionalBoolean(obj: Record<string, unknown>, key: string): boolean | undefined {
  if (!has(obj, key) || obj[key] === null) return undefined
  const value = obj[key]
  if (typeof value !== 'boolean') throw unprocessable(`${humanise(key)} must be true or false`)
  return value
}

export function optionalStringArray(obj: Record<string, unknown>, key: string): string[] | undefined {
  if (!has(obj, key)) return undefined
  const value = obj[key]
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw unprocessable(`${humanise(key)} must be an array of strings`)
  }
  return value as string[]
}

/** Integer in [min, max], or null; undefined when absent. */
export function optionalIntInRange(
  obj: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | null | undefined {
  if (!has(obj, key)) return undefined
  const value = obj[key]
  if (value === null) return null
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw unprocessable(`${humanise(key)} must be an integer between ${min} and ${max}`)
  }
  return value
}

/** A date-time, as the spec's `format: date-time`; returns the canonical ISO string. */
export function parseDateTime(value: string, label: string, status = 422): string {
  const ms = Date.parse(value)
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) {
    throw new ApiError(status, `${humanise(label)} must be an ISO 8601 date-time`)
  }
  return new Date(ms).toISOString()
}

/** `created_after` / `created_before` query filters as ISO strings (400 when unparsable). */
export function createdRange(query: URLSearchParams): { after: string | null; before: string | null } {
  const a = query.get('created_after')
  const b = query.get('created_before')
  return {
    after: a ? parseDateTime(a, 'created_after', 400) : null,
    before: b ? parseDateTime(b, 'created_before', 400) : null,
  }
}

export function inCreatedRange(
  createdAt: string,
  range: { after: string | null; before: string | null },
): boolean {
  return (
    (range.after === null || createdAt > range.after) && (range.before === null || createdAt < range.before)
  )
}

/** E.164 digits: strips `+`, spaces, dashes, dots and parentheses; null when not 8–15 digits. */
export function normalisePhone(value: string): string | null {
  const digits = value.replace(/[\s\-().]/g, '').replace(/^\+/, '')
  return /^\d{8,15}$/.test(digits) ? digits : null
}
