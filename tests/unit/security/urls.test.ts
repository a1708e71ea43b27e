import { expect, test } from 'vitest'
import { isAllowedExternalUrl, isSameOrigin } from '../../../src/main/security/urls'

test.each([
  ['https://docs.kapso.ai/api', true],
  ['http://docs.kapso.ai/api', false],
  ['file:///etc/passwd', false],
  ['javascript:alert(1)', false],
  ['https://user:pass@kapso.ai', false],
  ['smb://host/share', false],
  ['not a url', false],
])('openExternal allows %s: %s', (url, allowed) => {
  expect(isAllowedExternalUrl(url)).toBe(allowed)
})

test.each([
  ['app://bundle/index.html', 'app://bundle', true],
  ['app://bundle.evil/index.html', 'app://bundle', false],
  ['app://bundlex/index.html', 'app://bundle', false],
  ['http://localhost:5173/', 'http://localhost:5173', true],
  ['http://localhost:5173.evil.com/', 'http://localhost:5173', false],
  ['http://localhost:5174/', 'http://localhost:5173', false],
  ['https://localhost:5173/', 'http://localhost:5173', false],
])('same origin %s vs %s: %s', (url, origin, same) => {
  expect(isSameOrigin(url, origin)).toBe(same)
})
