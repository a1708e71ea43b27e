import { describe, expect, it } from 'vitest'
import { compareWithExamples } from '../../support/shape'

const doc = {
  name: 'doc',
  body: { data: [{ id: 'a', count: 1, theme: { x: '#fff' }, note: null }], meta: { page: 1 } },
}

describe('shape comparison against published examples', () => {
  it('agrees when keys, types and envelope agree (null matches any type, open maps any key)', () => {
    const mine = { data: [{ id: 'b', count: 2, theme: { y: '#000' }, note: 'n' }], meta: { page: 3 } }
    expect(compareWithExamples([doc], mine, { openMaps: ['theme'] })).toEqual({
      envelope: [],
      types: [],
      notInDocs: [],
      missing: [],
    })
  })

  it('names a wrong type, an invented key, a missing key and another envelope', () => {
    const mine = { data: [{ id: 7, theme: { y: 1 }, extra: { deep: true } }], paging: {} }
    const report = compareWithExamples([doc], mine, { openMaps: ['theme'] })
    expect(report.envelope).toHaveLength(1)
    expect(report.types).toEqual([
      'doc: id: docs have string, got number',
      'doc: theme.y: docs have string, got number',
    ])
    expect(report.notInDocs).toEqual(['extra'])
    expect(report.missing).toEqual(['count', 'note'])
  })

  it('with disagreeing examples: a key one of them shows is documented, only keys all show are required', () => {
    const older = { name: 'older', body: { data: { id: 'a' } } }
    const newer = { name: 'newer', body: { data: { id: 'a', language: 'en' } } }
    expect(compareWithExamples([older, newer], { data: { id: 'z', language: 'es' } })).toMatchObject({
      notInDocs: [],
      missing: [],
    })
    expect(compareWithExamples([older, newer], { data: { language: 'es' } }).missing).toEqual(['id'])
  })
})
