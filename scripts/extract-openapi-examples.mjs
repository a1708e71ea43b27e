#!/usr/bin/env node
/**
 * Copies the request/response `examples` of the vendored Kapso OpenAPI files
 * (../shared/reference/openapi-platform*.yaml) into tests/fixtures/kapso-docs/openapi/,
 * one JSON file per example, exactly as published. Only the endpoints the
 * console calls (or whose objects it reads) are taken. Run once when the
 * reference files change, then `npx biome check --write tests/fixtures/kapso-docs`
 * (whitespace only); the fixtures are committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = resolve(repo, 'tests/fixtures/kapso-docs/openapi')
const files = [
  ['openapi-platform.yaml', 'current'],
  ['openapi-platform-legacy.yaml', 'legacy'],
]
const wanted =
  /^\/(customers(\/\{customer_id\}(\/setup_links(\/\{(setup_link_)?id\})?|\/whatsapp\/phone_numbers)?)?|whatsapp\/(webhooks.*|phone_numbers(\/\{phone_number_id\}(\/(health|webhooks.*|display_name_requests.*))?)?)|webhook_deliveries|api_logs)$/

const pointer = (...parts) =>
  `#/${parts.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`
const slug = (s) =>
  s
    .replace(/[{}]/g, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()

mkdirSync(outDir, { recursive: true })
let count = 0
for (const [file, edition] of files) {
  const doc = parse(readFileSync(resolve(repo, '../shared/reference', file), 'utf8'))
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    if (!wanted.test(path)) continue
    for (const [method, op] of Object.entries(ops)) {
      if (!op || typeof op !== 'object' || !op.responses) continue
      const emit = (kind, status, where, examples) => {
        for (const [name, ex] of Object.entries(examples ?? {})) {
          const fixture = {
            source: `shared/reference/${file}${pointer('paths', path, method, ...where, 'examples', name)}`,
            edition,
            endpoint: `${method.toUpperCase()} ${path}`,
            kind,
            ...(status === undefined ? {} : { status: Number(status) }),
            name,
            ...(ex.summary ? { summary: ex.summary } : {}),
            example: ex.value,
          }
          const base = `${edition}-${method}-${slug(path) || 'root'}-${kind}${status ? `-${status}` : ''}-${slug(name)}`
          writeFileSync(resolve(outDir, `${base}.json`), `${JSON.stringify(fixture, null, 2)}\n`)
          count++
        }
      }
      const req = op.requestBody?.content?.['application/json']
      if (req?.examples)
        emit('request', undefined, ['requestBody', 'content', 'application/json'], req.examples)
      for (const [status, res] of Object.entries(op.responses)) {
        const c = res?.content?.['application/json']
        if (!c?.examples) continue
        emit(
          Number(status) < 400 ? 'response' : 'error',
          status,
          ['responses', status, 'content', 'application/json'],
          c.examples,
        )
      }
    }
  }
}
console.log(`${count} examples written to ${outDir}`)
