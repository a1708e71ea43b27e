import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * A random id for this installation, written once. Webhooks a listen session
 * registers carry it in their URL path (`/kapso-console/<install-id>/…`), so a
 * later start recognises what this install left behind and never touches
 * another machine's live session.
 */
export function loadInstallId(dataDir: string): string {
  const file = join(dataDir, 'webhooks', 'install-id')
  try {
    const id = readFileSync(file, 'utf8').trim()
    if (/^[a-z0-9]{12,64}$/.test(id)) return id
  } catch {
    // First start: create it below.
  }
  const id = randomBytes(8).toString('hex')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${id}\n`)
  return id
}

export const sessionPathPrefix = (installId: string) => `/kapso-console/${installId}/`
