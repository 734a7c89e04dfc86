import { expect, it } from 'vitest'
import { parseSettings } from '../../../shared/training/settings'
import { learningRate } from './schedule'

it('warms up linearly, then follows the schedule', () => {
  const s = parseSettings({ lr: 0.1, epochs: 10, schedule: 'cosine', warmupEpochs: 1 })
  expect(learningRate(s, 0, 10)).toBeCloseTo(0.01)
  expect(learningRate(s, 9, 10)).toBeCloseTo(0.1)
  expect(learningRate(s, 10, 10)).toBeCloseTo(0.1)
  expect(learningRate(s, 55, 10)).toBeCloseTo(0.05)
  expect(learningRate(s, 99, 10)).toBeLessThan(0.001)
})

it('decays in steps and at milestones', () => {
  const step = parseSettings({ lr: 1, schedule: 'step', stepEvery: 2, stepGamma: 0.5 })
  expect([0, 1, 2, 3, 4].map((e) => learningRate(step, e * 5, 5))).toEqual([1, 1, 0.5, 0.5, 0.25])
  const multi = parseSettings({ lr: 1, schedule: 'multiStep', milestones: [3, 5], stepGamma: 0.1 })
  expect([0, 2, 3, 4, 5].map((e) => learningRate(multi, e * 5, 5))).toEqual([
    1,
    1,
    0.1,
    0.1,
    expect.closeTo(0.01),
  ])
})

it('rejects settings out of bounds with the field named', () => {
  expect(() => parseSettings({ lr: -1 })).toThrow(/lr/)
  expect(() => parseSettings({ batchSize: 0 })).toThrow(/batchSize/)
  expect(() => parseSettings({ optimizer: 'lbfgs' })).toThrow(/optimizer/)
})
