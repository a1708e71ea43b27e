import { describe, expect, it } from 'vitest'
import { apiMessage, failureFromResponse } from '../../../src/main/kapso/errors'
import { backoffMs, isRetryable, parseRetryAfter, retryPolicy } from '../../../src/main/kapso/retry'
import { failureFromTransport } from '../../../src/main/kapso/transportErrors'
import { Redactor } from '../../../src/main/log/redact'

const redactor = new Redactor()
redactor.addSecret('secret_key_123456')
const ctx = { method: 'GET', path: '/x', what: 'customer', errorShape: 'platform' as const, redactor }

describe('error text', () => {
  it('reads error as a string, then error.message, then message', () => {
    expect(apiMessage({ error: 'a', message: 'c' })).toBe('a')
    expect(apiMessage({ error: { message: 'b' }, message: 'c' })).toBe('b')
    expect(apiMessage({ message: 'c' })).toBe('c')
    expect(apiMessage('nope')).toBeUndefined()
  })

  it('redacts a key or header echoed by the server', () => {
    const f = failureFromResponse(
      400,
      JSON.stringify({ error: 'bad key secret_key_123456 X-API-Key: abc' }),
      undefined,
      ctx,
    )
    expect(f.error.message).not.toContain('secret_key_123456')
    expect(f.error.message).not.toContain('abc')
    expect(JSON.stringify(f.error.fields)).not.toContain('secret_key_123456')
  })

  it('maps field-keyed 422 errors', () => {
    const f = failureFromResponse(422, JSON.stringify({ errors: { url: ['is invalid'] } }), undefined, ctx)
    expect(f.error.fields).toEqual({ url: ['is invalid'] })
  })

  it('an unexpected redirect is invalid_response', () => {
    expect(failureFromResponse(302, '', undefined, ctx).error.code).toBe('invalid_response')
  })

  it('402 is forbidden (plan), 5xx is server', () => {
    expect(failureFromResponse(402, '{"error":"upgrade"}', undefined, ctx).error.code).toBe('forbidden')
    expect(failureFromResponse(502, '', undefined, ctx)).toMatchObject({
      kind: 'server',
      error: { code: 'server' },
    })
  })

  it('classifies transport errors by whether the request can have been sent', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(failureFromTransport(refused, false, 'h', ctx).kind).toBe('not_sent')
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })
    const post = failureFromTransport(reset, false, 'h', ctx)
    expect(post.kind).toBe('maybe_sent')
    expect(post.error).toHaveProperty('outcomeUnknown', true)
    const wrapped = Object.assign(
      new AggregateError([Object.assign(new Error('x'), { code: 'ENOTFOUND' })]),
      {},
    )
    expect(failureFromTransport(wrapped, true, 'h', ctx).kind).toBe('not_sent')
  })
})

describe('retry policy', () => {
  it('retries creates only when the request cannot have been applied', () => {
    expect(isRetryable('rate_limited', false)).toBe(true)
    expect(isRetryable('not_sent', false)).toBe(true)
    expect(isRetryable('server', false)).toBe(false)
    expect(isRetryable('maybe_sent', false)).toBe(false)
    expect(isRetryable('server', true)).toBe(true)
    expect(isRetryable('final', true)).toBe(false)
  })

  it('full-jitter backoff stays under the doubling cap and the maximum', () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999 })
    expect(backoffMs(p, 0)).toBeLessThanOrEqual(100)
    expect(backoffMs(p, 2)).toBeLessThanOrEqual(400)
    expect(backoffMs(p, 10)).toBeLessThanOrEqual(1_000)
  })

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('60', 0)).toBe(60_000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
    expect(parseRetryAfter(undefined, 0)).toBeUndefined()
  })
})
