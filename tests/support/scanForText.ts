import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Every file under `dir` whose bytes contain `needle` (SQLite, WAL and logs included). */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = []
  const needleBytes = Buffer.from(needle)
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name)
      const stat = statSync(full)
      if (stat.isDirectory()) walk(full)
      else if (readFileSync(full).includes(needleBytes)) hits.push(full)
    }
  }
  walk(dir)
  return hits
}
