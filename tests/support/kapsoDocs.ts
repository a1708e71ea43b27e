import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The conformance corpus: request, response and webhook examples transcribed
 * from Kapso's published docs pages (`pages/`) and copied from the vendored
 * OpenAPI files (`openapi/`, see scripts/extract-openapi-examples.mjs).
 */

export interface DocFixture {
  /** Page URL, or the OpenAPI file and JSON pointer, the example was taken from. */
  source: string
  /** `METHOD /path` relative to `/platform/v1` (as published), or the webhook event name. */
  endpoint: string
  kind: 'request' | 'response' | 'error' | 'webhook'
  status?: number
  /** `current` or `legacy` for the OpenAPI files; absent for pages. */
  edition?: string
  name?: string
  scope?: 'project' | 'phone_number'
  event?: string
  example: unknown
  /** File name inside tests/fixtures/kapso-docs, for test titles. */
  file: string
}

export const fixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/kapso-docs')

export function loadDocFixtures(): DocFixture[] {
  const out: DocFixture[] = []
  for (const sub of ['pages', 'openapi']) {
    for (const name of readdirSync(join(fixturesDir, sub)).sort()) {
      if (!name.endsWith('.json')) continue
      const body = JSON.parse(readFileSync(join(fixturesDir, sub, name), 'utf8')) as Omit<DocFixture, 'file'>
      out.push({ ...body, file: `${sub}/${name}` })
    }
  }
  return out
}

/** One route name per endpoint, whichever edition spelt its path parameters. */
export function routeOf(endpoint: string): string {
  return endpoint.replace('/setup_links/{id}', '/setup_links/{setup_link_id}')
}
