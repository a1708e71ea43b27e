import { expect, test } from 'vitest'
import { findBrokenString, idText, text } from '../../../src/shared/text'

test('text(): one-line fields refuse control characters, multiline ones allow only tab and line breaks', () => {
  const line = text({ max: 20 })
  const body = text({ max: 20, multiline: true })
  expect(line.safeParse('café 👋').success).toBe(true)
  expect(line.safeParse('a\tb').success).toBe(false)
  expect(line.safeParse('a\u007fb').success).toBe(false)
  expect(body.safeParse('a\tb\r\nc').success).toBe(true)
  expect(body.safeParse('a\u0007b').success).toBe(false)
  expect(body.safeParse('a\u0000b').success).toBe(false)
  expect(body.safeParse('\uDC00x').success).toBe(false)
  expect(line.safeParse('x'.repeat(21)).success).toBe(false)
  // Trimmed first, so surrounding spaces do not count toward the length.
  expect(text({ max: 3, trim: true }).parse('  abc  ')).toBe('abc')
})

test('idText(): letters, digits and . _ : - only', () => {
  const id = idText()
  expect(id.safeParse('3f2b9c1e-0000-4000-8000-000000000000').success).toBe(true)
  expect(id.safeParse('p_0a1b2c').success).toBe(true)
  for (const bad of ['', 'a/b', 'a b', '..%2f', 'x'.repeat(201)])
    expect(id.safeParse(bad).success).toBe(false)
})

test('findBrokenString() finds a lone surrogate or NUL anywhere, keys included, with its path', () => {
  expect(findBrokenString({ a: ['ok', { b: 'x\uD800' }] })?.path).toEqual(['a', 1, 'b'])
  expect(findBrokenString({ 'k\u0000': 1 })?.path).toEqual(['k\u0000'])
  expect(findBrokenString({ a: '👋', b: [1, null, true] })).toBeNull()
})
