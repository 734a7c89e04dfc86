import { describe, expect, it } from 'vitest'
import { RUN_STATUSES } from '../../../shared/api'
import { exportAvailability } from './availability'

describe('exportAvailability', () => {
  it('offers everything once a run has a checkpoint, whatever its status', () => {
    for (const status of RUN_STATUSES)
      expect(exportAvailability(status, true)).toEqual({ weights: true })
  })

  it('gives every status without a checkpoint its own reason', () => {
    const reasons = RUN_STATUSES.map((status) => {
      const a = exportAvailability(status, false)
      if (a.weights) throw new Error(`${status} offered weights without a checkpoint`)
      return a.reason
    })
    expect(new Set(reasons).size).toBe(RUN_STATUSES.length)
  })

  it('tells a stopped run what happened and what to do', () => {
    expect(exportAvailability('stopped', false)).toEqual({
      weights: false,
      reason:
        'This run stopped before its first checkpoint; there are no trained weights to export. Re-run it to train a model.',
    })
  })

  it('says a live run only has to finish its first epoch', () => {
    const running = exportAvailability('running', false)
    const queued = exportAvailability('queued', false)
    expect(running.weights || running.reason).toMatch(/once the first epoch ends/)
    expect(queued.weights || queued.reason).toMatch(/not started yet/)
  })

  it('points a diverged run at the learning rate', () => {
    const a = exportAvailability('diverged', false)
    expect(a.weights || a.reason).toMatch(/lower learning rate/)
  })
})
