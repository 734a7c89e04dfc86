import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LIFETIME_MS, MAX_TOASTS, toast, useToasts } from './toasts'

const messages = () => useToasts.getState().toasts.map((t) => t.message)

describe('toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    useToasts.setState({ toasts: [] })
  })
  afterEach(() => vi.useRealTimers())

  it('keeps the newest few; the oldest go first', () => {
    for (const m of ['a', 'b', 'c', 'd', 'e']) toast('info', m)
    expect(messages()).toEqual(['c', 'd', 'e'])
    expect(MAX_TOASTS).toBe(3)
  })

  it('the same words again replace the toast instead of stacking', () => {
    toast('success', 'Saved “x”')
    toast('info', 'Queued y')
    toast('success', 'Saved “x”')
    expect(messages()).toEqual(['Queued y', 'Saved “x”'])
  })

  it('a note goes quickly, an error stays longer', () => {
    toast('info', 'Queued y')
    toast('error', 'Could not stop')
    vi.advanceTimersByTime(LIFETIME_MS.info + 1)
    expect(messages()).toEqual(['Could not stop'])
    vi.advanceTimersByTime(LIFETIME_MS.error - LIFETIME_MS.info)
    expect(messages()).toEqual([])
  })
})
