import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/**
 * Maps a request path to a file inside `root`, refusing anything that would
 * climb out of it ("/../", encoded dots, absolute paths). Returns null when refused.
 */
export function resolveInside(root: string, requestPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(requestPath.split('?')[0]!.split('#')[0]!)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  const full = normalize(join(root, relative))
  const rootWithSep = root.endsWith(sep) ? root : root + sep
  return full.startsWith(rootWithSep) ? full : null
}

export async function readStatic(
  root: string,
  requestPath: string,
): Promise<{ status: number; body: Buffer; type: string }> {
  const file = resolveInside(root, requestPath)
  if (!file) return { status: 403, body: Buffer.from('Forbidden'), type: 'text/plain' }
  try {
    const body = await readFile(file)
    return { status: 200, body, type: contentTypes[extname(file)] ?? 'application/octet-stream' }
  } catch {
    return { status: 404, body: Buffer.from('Not found'), type: 'text/plain' }
  }
}
