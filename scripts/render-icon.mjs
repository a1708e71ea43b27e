// Renders resources/icon.svg to the 512×512 resources/icon.png electron-builder packages (Linux/Windows app icon).
// Run after changing the SVG: node scripts/render-icon.mjs (uses Debian's Chromium, or CHROMIUM_PATH).

import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const svg = readFileSync('resources/icon.svg', 'utf8')
const b = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
})
const p = await b.newPage({ viewport: { width: 512, height: 512 } })
await p.setContent(
  `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="512" height="512" ')}</body></html>`,
)
await p.screenshot({ path: 'resources/icon.png', omitBackground: true })
await b.close()
