/**
 * Structural comparison of JSON bodies against published examples: JSON
 * types, keys and envelope, recursively. Used to hold the sandbox to the
 * shapes Kapso's docs publish.
 *
 * - `null` on either side is compatible with any type (the docs show optional
 *   fields both filled and null); arrays compare their first items.
 * - Doc pages disagree with each other (older pages show fewer fields), so
 *   against several examples of one call: the types must agree with all of
 *   them, every key must appear in at least one of them, and every key that
 *   all of them show must be there.
 * - Paths in `openMaps` are dictionaries (theme colours, custom headers,
 *   health checks): their keys vary by design, only their values are compared.
 */

export type JsonType = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object'

export function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  const t = typeof value
  if (t === 'string' || t === 'number' || t === 'boolean') return t
  return 'object'
}

export interface ShapeOptions {
  /** Dotted paths (array items written `[]`) whose object keys are free. */
  openMaps?: readonly string[]
}

const isOpen = (options: ShapeOptions, path: string) => options.openMaps?.includes(path) ?? false

/** Type differences of `actual` from `expected` where both have a value. */
export function typeDiff(
  expected: unknown,
  actual: unknown,
  options: ShapeOptions = {},
  path = '',
): string[] {
  const te = jsonType(expected)
  const ta = jsonType(actual)
  if (te === 'null' || ta === 'null') return []
  if (te !== ta) return [`${path || '(body)'}: docs have ${te}, got ${ta}`]
  if (te === 'array') {
    const [e] = expected as unknown[]
    const [a] = actual as unknown[]
    return e === undefined || a === undefined ? [] : typeDiff(e, a, options, `${path}[]`)
  }
  if (te !== 'object') return []
  const eo = expected as Record<string, unknown>
  const ao = actual as Record<string, unknown>
  const out: string[] = []
  if (isOpen(options, path)) {
    const sample = Object.values(eo).find((v) => v !== null && v !== undefined)
    if (sample !== undefined)
      for (const [k, v] of Object.entries(ao)) out.push(...typeDiff(sample, v, options, `${path}.${k}`))
    return out
  }
  for (const key of Object.keys(eo)) {
    if (key in ao) out.push(...typeDiff(eo[key], ao[key], options, path ? `${path}.${key}` : key))
  }
  return out
}

/** Every key path of a body (`data[].provisioned_phone_number.id`); open maps count as one path. */
export function keyPaths(
  body: unknown,
  options: ShapeOptions = {},
  path = '',
  out = new Set<string>(),
): Set<string> {
  const t = jsonType(body)
  if (t === 'array') {
    const [first] = body as unknown[]
    if (first !== undefined) keyPaths(first, options, `${path}[]`, out)
  } else if (t === 'object' && !isOpen(options, path)) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      const child = path ? `${path}.${k}` : k
      out.add(child)
      keyPaths(v, options, child, out)
    }
  }
  return out
}

export interface ShapeReport {
  /** Top-level keys (`data`, `meta`, `paging`) that match no published envelope. */
  envelope: string[]
  /** Types that disagree with an example (file: path: …). */
  types: string[]
  /** Keys no published example of this object shows. */
  notInDocs: string[]
  /** Keys every published example of this call shows, missing here. */
  missing: string[]
}

export interface CompareOptions extends ShapeOptions {
  /** Item-level key paths documented by other calls that answer the same object (a setup link is one object whether listed, created or updated). */
  knownItemKeys?: ReadonlySet<string>
  /** Further documented envelopes, e.g. the top-level properties the OpenAPI response schema declares. */
  envelopes?: ReadonlyArray<readonly string[]>
}

/** The object inside the envelope: `data` (its first item for a list), or the body itself (health has no envelope). */
export function itemOf(body: unknown): unknown {
  if (jsonType(body) !== 'object' || !('data' in (body as object))) return body
  const data = (body as { data: unknown }).data
  return Array.isArray(data) ? data[0] : data
}

const topKeys = (body: unknown) =>
  jsonType(body) === 'object' && 'data' in (body as object) ? Object.keys(body as object).sort() : []

export function compareWithExamples(
  examples: ReadonlyArray<{ name: string; body: unknown }>,
  actual: unknown,
  options: CompareOptions = {},
): ShapeReport {
  const mineTop = topKeys(actual)
  const envelopes = [
    ...examples.map((e) => topKeys(e.body)),
    ...(options.envelopes ?? []).map((e) => [...e].sort()),
  ]
  const envelope = envelopes.some((e) => e.join() === mineTop.join())
    ? []
    : [`top-level keys ${JSON.stringify(mineTop)} match no published envelope`]
  const types = examples.flatMap((e) =>
    typeDiff(itemOf(e.body), itemOf(actual), options).map((d) => `${e.name}: ${d}`),
  )
  const sets = examples.map((e) => keyPaths(itemOf(e.body), options))
  const known = new Set([...sets.flatMap((s) => [...s]), ...(options.knownItemKeys ?? [])])
  const every = [...(sets[0] ?? [])].filter((k) => sets.every((s) => s.has(k)))
  const mine = keyPaths(itemOf(actual), options)
  // A key under one no example shows is reported once, at its root.
  const notInDocs = [...mine].filter(
    (k) => !known.has(k) && ![...mine].some((p) => k.startsWith(`${p}.`) && !known.has(p)),
  )
  const missing = every.filter((k) => !mine.has(k))
  return { envelope, types, notInDocs, missing }
}
