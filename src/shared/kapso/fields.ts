import { z } from 'zod'

/**
 * Field helpers shared by the resource schemas. The API grows, its live
 * responses drift from the spec and its doc pages disagree with each other,
 * so response schemas read tolerantly (README, "Reading the API tolerantly"):
 * only what a feature cannot work without is required (usually `id`),
 * everything else is optional, unknown keys are kept (`z.looseObject`), and
 * enums are "open" (a new status string parses and is shown as it is).
 */

/** A string enum that still accepts values added after this client was written. */
export function openEnum<const T extends readonly [string, ...string[]]>(_known: T) {
  return z.string() as unknown as z.ZodType<T[number] | (string & {})>
}

/** ISO-8601 timestamp as sent; not re-validated so a format change never hides a list. */
export const timestamp = z.string()

/** A field the spec does not mark required: absent and null both read as missing. */
export const maybe = <T extends z.ZodType>(schema: T) => schema.nullish()

/** Request-side: an absolute http(s) URL (the spec's `format: uri`). */
export const httpUrl = z.url({ protocol: /^https?$/ })
