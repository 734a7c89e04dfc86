import { describe, expect, it } from 'vitest'
import { progressText } from './useImport'

describe('progressText', () => {
  it('says it is starting before the first event', () => {
    expect(progressText(null)).toBe('Starting…')
  })
  it('counts against the total when the importer knows it', () => {
    expect(progressText({ importId: 'a', phase: 'decoding', done: 1200, total: 60000 })).toBe(
      'Decoding 1,200 of 60,000',
    )
  })
  it('counts alone while the total is unknown', () => {
    expect(progressText({ importId: 'a', phase: 'scanning', done: 0, total: null })).toBe(
      'Scanning…',
    )
    expect(progressText({ importId: 'a', phase: 'reading', done: 3, total: null })).toBe(
      'Reading… 3',
    )
  })
  it('prefers the importer message', () => {
    expect(
      progressText({
        importId: 'a',
        phase: 'writing',
        done: 1,
        total: 2,
        message: 'Writing the cache',
      }),
    ).toBe('Writing the cache')
  })
})
