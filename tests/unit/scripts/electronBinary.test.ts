/** The one-line reason `npm start` and `npm run dev` give when Electron's binary could not be fetched. */
import { expect, test } from 'vitest'
import { electronMissingMessage, failureReason } from '../../../scripts/electron-binary.mjs'

const stack =
  'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download'

test('the network cause marked by the preload wins over the bare "fetch failed"', () => {
  const stderr = `KAPSO_FETCH_FAILURE fetch failed (ENOTFOUND: getaddrinfo ENOTFOUND github.com) for https://github.com/x.zip\n${stack}`
  expect(failureReason({ status: 1, stderr })).toBe(
    'fetch failed (ENOTFOUND: getaddrinfo ENOTFOUND github.com) for https://github.com/x.zip',
  )
})

test('without a marked line, the first line install.js printed, never a stack frame', () => {
  expect(failureReason({ status: 1, stderr: 'HTTPError: Response code 404 (Not Found)\n    at x' })).toBe(
    'HTTPError: Response code 404 (Not Found)',
  )
  expect(failureReason({ status: 1, stderr: '' })).toBe('install.js exited with status 1')
})

test('a timeout and a spawn error say so', () => {
  expect(failureReason({ status: null, signal: 'SIGTERM', stderr: '' })).toBe(
    'the download did not finish within 2 minutes',
  )
  expect(
    failureReason({ status: null, error: Object.assign(new Error('spawn EACCES'), { code: 'EACCES' }) }),
  ).toBe('install.js could not run: spawn EACCES')
})

test('the message carries the reason instead of guessing "only the npm registry is reachable"', () => {
  const message = electronMissingMessage('fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)')
  expect(message).toContain('that download failed here: fetch failed (ECONNREFUSED')
  expect(message).not.toContain('only the npm registry is reachable')
  expect(message).toContain('npm run preview:web')
})
