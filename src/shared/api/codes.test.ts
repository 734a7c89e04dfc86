import { describe, expect, it } from 'vitest'
import { parseResult } from './codes'

describe('parseResult', () => {
  it('keeps the details of an error this build understands', () => {
    const wire = JSON.parse(
      JSON.stringify({
        ok: false,
        error: {
          code: 'DATASET_DUPLICATE',
          message: 'already there',
          details: { existingDataset: { id: 'digits', name: 'Digits', extra: 1 } },
        },
      }),
    ) as unknown
    expect(parseResult(wire)).toEqual({
      ok: false,
      error: {
        code: 'DATASET_DUPLICATE',
        message: 'already there',
        details: { existingDataset: { id: 'digits', name: 'Digits' } },
      },
    })
  })
  it('drops malformed details and keeps the error', () => {
    for (const details of [null, 'x', { existingDataset: { id: 7, name: 'A' } }, {}]) {
      expect(
        parseResult({ ok: false, error: { code: 'DATASET_DUPLICATE', message: 'm', details } }),
      ).toEqual({ ok: false, error: { code: 'DATASET_DUPLICATE', message: 'm' } })
    }
  })
  it('turns an unknown code into INTERNAL', () => {
    expect(parseResult({ ok: false, error: { code: 'NOPE', message: 'm' } })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    })
  })
})
