import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../store/privateFiles'

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
  ensurePrivateDir(dirname(file))
  writeFileSync(file, `${id}\n`, { mode: PRIVATE_FILE_MODE })
  return id
}

export const sessionPathPrefix = (installId: string) => `/kapso-console/${installId}/`
