#!/usr/bin/env node
// `npm run screenshots`: refreshes the README's pictures in docs/ on purpose.
// The E2E suite takes them; by default it writes them to test-results/screenshots/
// (ignored), so a test run never modifies tracked files. Extra arguments go to
// Playwright (e.g. `npm run screenshots -- tests/e2e/about.spec.ts`).
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const result = spawnSync(
  process.execPath,
  [join(root, 'scripts', 'with-keyring.mjs'), 'npx', 'playwright', 'test', ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root, env: { ...process.env, KAPSO_SCREENSHOT_DIR: join(root, 'docs') } },
)
if (result.status === 0)
  console.log('screenshots: docs/*.png refreshed; review them with `git diff --stat docs`.')
process.exit(result.status ?? 1)
