import { describe, expect, it } from 'vitest'
import { runStatusSchema } from '../../../shared/api'
import { inspectBlocker } from './inspectAvailability'

describe('inspectBlocker', () => {
  it('lets any run with a checkpoint be inspected, whatever its status', () => {
    for (const status of runStatusSchema.options) expect(inspectBlocker(status, true)).toBeNull()
  })

  it('gives every status without a checkpoint its own one-line reason', () => {
    const reasons = runStatusSchema.options.map((s) => inspectBlocker(s, false))
    for (const r of reasons) {
      expect(r).toMatch(/\.$/)
      expect(r).not.toContain('\n')
    }
    expect(new Set(reasons).size).toBe(runStatusSchema.options.length)
    expect(inspectBlocker('stopped', false)).toBe(
      'This run stopped before its first checkpoint; there is no trained model to inspect. Re-run it to train a model.',
    )
    expect(inspectBlocker('running', false)).toMatch(/once the first epoch ends/)
  })
})
