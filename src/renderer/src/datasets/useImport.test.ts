import { describe, expect, it } from 'vitest'
import { ApiError } from '../api'
import { failedState, progressText } from './useImport'

describe('failedState', () => {
  const message = 'This data is already in Blockwise as “Digits” (imported 27 Nov 2026).'

  it('offers the stored dataset a duplicate import names', () => {
    const e = new ApiError('DATASET_DUPLICATE', message, {
      existingDataset: { id: 'digits-3f2a', name: 'Digits' },
    })
    expect(failedState(e, false)).toEqual({
      state: 'failed',
      message,
      duplicate: true,
      existing: { id: 'digits-3f2a', name: 'Digits' },
    })
  })
  it('still flags a duplicate whose error names no dataset (Import anyway only)', () => {
    expect(failedState(new ApiError('DATASET_DUPLICATE', message), false)).toEqual({
      state: 'failed',
      message,
      duplicate: true,
      existing: null,
    })
  })
  it('ignores dataset details on any other error', () => {
    const e = new ApiError('DATASET_IMPORT_FAILED', 'no images found', {
      existingDataset: { id: 'x', name: 'X' },
    })
    expect(failedState(e, false)).toEqual({
      state: 'failed',
      message: 'no images found',
      duplicate: false,
      existing: null,
    })
  })
  it('shows a plain message for errors that are not API errors', () => {
    expect(failedState(new Error('socket closed'), false)).toEqual({
      state: 'failed',
      message: 'socket closed',
      duplicate: false,
      existing: null,
    })
  })
  it('says cancelled when the user cancelled, whatever the server answered', () => {
    expect(failedState(new ApiError('DATASET_IMPORT_CANCELLED', 'cancelled'), true)).toEqual({
      state: 'cancelled',
    })
    expect(
      failedState(
        new ApiError('DATASET_DUPLICATE', message, { existingDataset: { id: 'a', name: 'A' } }),
        true,
      ),
    ).toEqual({ state: 'cancelled' })
  })
})

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
