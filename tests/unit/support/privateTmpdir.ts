import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Vitest global setup for the unit project: the run gets its own TMPDIR
 * (os.tmpdir() reads it, and the test workers inherit it), and the teardown
 * fails the run, naming what was left, if a test did not clean up after itself.
 */
export default function privateTmpdir(): () => void {
  const previous = process.env.TMPDIR
  const dir = mkdtempSync(join(tmpdir(), 'kapso-unit-run-'))
  process.env.TMPDIR = dir
  return () => {
    const left = readdirSync(dir)
    rmSync(dir, { recursive: true, force: true })
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    if (left.length > 0)
      throw new Error(`unit tests left temp files behind (clean them up): ${left.join(', ')}`)
  }
}
