import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ErrorObject, ValidateFunction } from 'ajv'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'

/**
 * Validates bodies against the vendored Kapso Platform OpenAPI document
 * (shared/reference/openapi-platform.yaml, beside the repo). Used by the sandbox
 * conformance tests and by the API client tests, so the API below is shared.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
// In CI the repo is cloned elsewhere with `shared/` beside it, hence the `..`.
export const specPath = resolve(repoRoot, '../shared/reference/openapi-platform.yaml')

const SPEC_ID = 'https://spec.kapso.local/openapi-platform.json'

export interface Spec {
  readonly path: string
  readonly document: Record<string, unknown>
  readonly ajv: Ajv2020
  /** Compiled validators keyed by JSON pointer, so each schema is compiled once. */
  readonly cache: Map<string, ValidateFunction>
}

let lastReason = ''
let cached: Spec | null | undefined

/** Why `loadSpec()` returned null (empty when it did not). */
export function specUnavailableReason(): string {
  return lastReason
}

/** Loads and prepares the spec once; null (see `specUnavailableReason`) when the file is absent. */
export function loadSpec(): Spec | null {
  if (cached !== undefined) return cached
  if (!existsSync(specPath)) {
    lastReason = `OpenAPI spec not found at ${specPath}; conformance checks skipped`
    cached = null
    return null
  }
  const document = parse(readFileSync(specPath, 'utf8')) as Record<string, unknown>
  normaliseNullable(document)
  // strict:false because an OpenAPI document carries keywords (example, discriminator mapping, xml…)
  // that are not JSON Schema; they are annotations, not constraints.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  for (const f of ['float', 'double', 'int32', 'int64', 'binary', 'byte', 'password']) ajv.addFormat(f, true)
  ajv.addSchema({ ...document, $id: SPEC_ID })
  cached = { path: specPath, document, ajv, cache: new Map() }
  lastReason = ''
  return cached
}

/** The spec is 3.1 but still uses the 3.0 `nullable: true` in places; JSON Schema 2020 needs `type: [T, "null"]`. */
function normaliseNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) normaliseNullable(item)
    return
  }
  if (!node || typeof node !== 'object') return
  const obj = node as Record<string, unknown>
  if (obj.nullable === true) {
    if (typeof obj.type === 'string') obj.type = [obj.type, 'null']
    else if (Array.isArray(obj.type) && !obj.type.includes('null')) obj.type = [...obj.type, 'null']
    else if (Array.isArray(obj.enum) && !obj.enum.includes(null)) obj.enum = [...obj.enum, null]
    delete obj.nullable
  }
  for (const value of Object.values(obj)) normaliseNullable(value)
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')

function getAt(doc: unknown, pointer: string): unknown {
  let node = doc
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (!node || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/** Follows a `$ref` chain on non-schema objects (responses, request bodies), returning the final pointer. */
function follow(doc: unknown, pointer: string): string {
  for (let i = 0; i < 10; i++) {
    const node = getAt(doc, pointer) as { $ref?: unknown } | undefined
    if (!node || typeof node.$ref !== 'string') return pointer
    pointer = node.$ref
  }
  return pointer
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}${paramsText(e)}`)
}

function paramsText(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>
  if (p.additionalProperty) return ` (${String(p.additionalProperty)})`
  if (p.allowedValues) return ` (${JSON.stringify(p.allowedValues)})`
  return ''
}

function validateAt(spec: Spec, pointer: string, body: unknown): string[] {
  let fn = spec.cache.get(pointer)
  if (!fn) {
    fn = spec.ajv.getSchema(`${SPEC_ID}${pointer}`)
    if (!fn) return [`no schema at ${pointer}`]
    spec.cache.set(pointer, fn)
  }
  return fn(body) ? [] : formatErrors(fn.errors)
}

function operationPointer(spec: Spec, method: string, pathTemplate: string): string | string[] {
  const pointer = `#/paths/${escapePointer(pathTemplate)}/${method.toLowerCase()}`
  return getAt(spec.document, pointer)
    ? pointer
    : [`${method.toUpperCase()} ${pathTemplate} is not in the spec`]
}

/**
 * Errors (empty = valid) for a JSON response body. `pathTemplate` is the spec's
 * path relative to /platform/v1, e.g. `/customers/{customer_id}`. A status the
 * spec does not list falls back to `default`, else is reported as an error.
 * A body of undefined checks only that the spec documents no JSON content.
 */
export function validateResponse(
  spec: Spec,
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): string[] {
  const op = operationPointer(spec, method, pathTemplate)
  if (Array.isArray(op)) return op
  let responsePointer = `${op}/responses/${status}`
  if (!getAt(spec.document, responsePointer)) {
    const family = `${op}/responses/${String(status)[0]}XX`
    responsePointer = getAt(spec.document, family) ? family : `${op}/responses/default`
    if (!getAt(spec.document, responsePointer)) {
      return [`status ${status} is not documented for ${method.toUpperCase()} ${pathTemplate}`]
    }
  }
  responsePointer = follow(spec.document, responsePointer)
  const schemaPointer = `${responsePointer}/content/application~1json/schema`
  if (!getAt(spec.document, schemaPointer)) {
    return body === undefined || body === null || body === ''
      ? []
      : [`no JSON body documented for ${status}, got one`]
  }
  return validateAt(spec, schemaPointer, body)
}

/** Errors (empty = valid) for a JSON request body against the operation's requestBody schema. */
export function validateRequestBody(
  spec: Spec,
  method: string,
  pathTemplate: string,
  body: unknown,
): string[] {
  const op = operationPointer(spec, method, pathTemplate)
  if (Array.isArray(op)) return op
  const rb = `${op}/requestBody`
  if (!getAt(spec.document, rb)) return [`${method.toUpperCase()} ${pathTemplate} documents no request body`]
  const schemaPointer = `${follow(spec.document, rb)}/content/application~1json/schema`
  if (!getAt(spec.document, schemaPointer)) return [`no JSON request schema for ${method} ${pathTemplate}`]
  return validateAt(spec, schemaPointer, body)
}

/** Validates one named component schema, e.g. `validateSchema(spec, 'Customer', obj)`. */
export function validateSchema(spec: Spec, componentName: string, value: unknown): string[] {
  return validateAt(spec, `#/components/schemas/${escapePointer(componentName)}`, value)
}
