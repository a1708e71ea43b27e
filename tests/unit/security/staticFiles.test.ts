import { expect, test } from 'vitest'
import { resolveInside } from '../../../src/main/security/staticFiles'

const root = '/srv/renderer'

test('paths inside the root resolve, the root maps to index.html', () => {
  expect(resolveInside(root, '/')).toBe('/srv/renderer/index.html')
  expect(resolveInside(root, '/assets/app.js?v=1')).toBe('/srv/renderer/assets/app.js')
})

test.each(['/../secret', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/a%00.js', '/%E0%A4%A'])(
  'climbing out or malformed paths are refused: %s',
  (path) => {
    expect(resolveInside(root, path)).toBeNull()
  },
)
