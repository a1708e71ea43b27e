/** What each built entry says when started with the wrong runtime (src/main/runtimeGuard.ts). */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { MIN_NODE, runtimeProblem } from '../../../src/main/runtimeGuard'

describe('runtimeProblem', () => {
  test.each([
    ['20.20.2', 'preview', 'npm run preview:web'],
    ['22.18.0', 'preview', 'npm run preview:web'],
    ['18.19.0', 'sandbox', 'npm run sandbox'],
  ] as const)('Node %s running the %s entry is told to use %s', (node, entry, script) => {
    const problem = runtimeProblem(entry, { node, electron: undefined })
    expect(problem).toContain(`this is Node ${node}`)
    expect(problem).toContain(`Use \`${script}\``)
  })

  test.each(['22.19.0', '22.20.1', '24.21.0', '26.0.0'])(
    'Node %s runs the preview and the sandbox',
    (node) => {
      expect(runtimeProblem('preview', { node, electron: undefined })).toBeNull()
      expect(runtimeProblem('sandbox', { node, electron: undefined })).toBeNull()
    },
  )

  test('the Electron entry under plain Node, of any version, says to use npm start', () => {
    for (const node of ['20.20.2', '24.21.0']) {
      expect(runtimeProblem('app', { node, electron: undefined })).toContain('use `npm start`')
    }
    expect(runtimeProblem('app', { node: '24.11.1', electron: '45.5.0' })).toBeNull()
  })

  test('the minimum is the one package.json declares', () => {
    const engines = JSON.parse(readFileSync('package.json', 'utf8')).engines.node as string
    expect(engines.startsWith(`^${MIN_NODE.join('.')}.0 `)).toBe(true)
  })
})
