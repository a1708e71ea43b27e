import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'

/**
 * Playwright global setup: the E2E suite must never modify tracked files
 * (README pictures go to test-results/screenshots/ unless `npm run
 * screenshots` asks for docs/). Records each tracked file's size and mtime,
 * and the teardown it returns fails the run, naming the files, if any changed.
 */
export default function trackedFilesUnchanged(): () => void {
  const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean)
  const stamp = (file: string) => {
    try {
      const s = statSync(file)
      return `${s.size}:${s.mtimeMs}`
    } catch {
      return 'missing'
    }
  }
  const before = new Map(files.map((file) => [file, stamp(file)]))
  // `npm run screenshots` refreshes docs/ on purpose; nothing else may change.
  const allowed = (file: string) => Boolean(process.env.KAPSO_SCREENSHOT_DIR) && file.startsWith('docs/')
  return () => {
    const changed = files.filter((file) => !allowed(file) && stamp(file) !== before.get(file))
    if (changed.length > 0) {
      throw new Error(`The E2E suite modified tracked files (tests must not): ${changed.join(', ')}`)
    }
  }
}
