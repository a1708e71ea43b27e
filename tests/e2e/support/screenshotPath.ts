import { join } from 'node:path'

/**
 * Where a README picture taken by a test is written. Tests never modify
 * tracked files: by default pictures go to test-results/screenshots/
 * (ignored). `npm run screenshots` sets KAPSO_SCREENSHOT_DIR=docs to refresh
 * the README's pictures on purpose.
 */
export function screenshotPath(name: string): string {
  return join(process.env.KAPSO_SCREENSHOT_DIR || join('test-results', 'screenshots'), name)
}
