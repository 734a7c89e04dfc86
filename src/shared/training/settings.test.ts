import { describe, expect, it } from 'vitest'
import {
  fillSettings,
  hyperparametersSchema,
  parseSettings,
  settingFields,
  settingMeta,
  settingProblem,
  storedSettings,
  TRAIN_DEFAULTS,
  trainSettingsSchema,
} from './settings'

describe('the training recipe', () => {
  it('fills every setting from one set of defaults', () => {
    const s = parseSettings({})
    expect(s).toMatchObject(TRAIN_DEFAULTS)
    expect(s.momentum).toBe(0)
    expect(s.limit).toBeUndefined()
    expect(trainSettingsSchema.parse(s)).toEqual(s)
    expect(hyperparametersSchema.parse(s)).toEqual(s)
  })

  it('keeps the fields in one order, whatever order the caller sent', () => {
    const s = fillSettings({ seed: 3, limit: 10, momentum: 0.5, optimizer: 'momentum', epochs: 2 })
    expect(Object.keys(s)).toEqual(Object.keys(settingFields))
  })

  it('gives SGD with momentum 0.9 unless told, and plain SGD and Adam none', () => {
    expect(fillSettings({ optimizer: 'momentum' }).momentum).toBe(0.9)
    expect(fillSettings({ optimizer: 'momentum', momentum: 0.5 }).momentum).toBe(0.5)
    expect(fillSettings({ optimizer: 'sgd', momentum: 0.9 }).momentum).toBe(0)
    expect(fillSettings({ optimizer: 'adam', momentum: 0.9 }).momentum).toBe(0)
    expect(fillSettings({ optimizer: 'rmsprop' }).momentum).toBe(0)
    expect(fillSettings({ optimizer: 'rmsprop', momentum: 0.3 }).momentum).toBe(0.3)
  })

  it('stores milestones once each, in order', () => {
    expect(fillSettings({ milestones: [60, 30, 60] }).milestones).toEqual([30, 60])
  })

  it('refuses a value out of bounds with the setting’s name', () => {
    expect(() => parseSettings({ lr: 0 })).toThrow(/bad training setting lr/)
    expect(() => parseSettings({ valFraction: 0.9 })).toThrow(/valFraction/)
    expect(() =>
      parseSettings({ milestones: Array.from({ length: 101 }, (_, i) => i + 1) }),
    ).toThrow(/milestones/)
    expect(() => parseSettings({ optimizer: 'lbfgs' })).toThrow(/optimizer/)
  })

  it('ignores keys it does not know when parsing a stored recipe, but the API refuses them', () => {
    expect(parseSettings({ backend: 'wasm', epochs: 2 }).epochs).toBe(2)
    expect(hyperparametersSchema.safeParse({ backend: 'wasm' }).success).toBe(false)
  })

  it('reads an older stored SGD run without momentum as the momentum 0.9 it trained with', () => {
    const s = parseSettings(storedSettings({ optimizer: 'sgd', lr: 0.01 }))
    expect(s).toMatchObject({ optimizer: 'momentum', momentum: 0.9, lr: 0.01 })
    expect(parseSettings(storedSettings({ optimizer: 'sgd', momentum: 0 })).optimizer).toBe('sgd')
  })

  it('labels every setting for the form', () => {
    for (const name of Object.keys(settingFields) as (keyof typeof settingFields)[]) {
      expect(settingMeta(name).label).toMatch(/\S/)
    }
    expect(settingMeta('momentum').when).toEqual({ optimizer: ['momentum', 'rmsprop'] })
  })
})

describe('settingProblem', () => {
  it('words the bound a typed value breaks, from the schema the engine checks', () => {
    expect(settingProblem('lr', 0.05)).toBeNull()
    expect(settingProblem('lr', 0)).toBe('above 0')
    expect(settingProblem('lr', 11)).toBe('at most 10')
    expect(settingProblem('batchSize', 1.5)).toBe('a whole number')
    expect(settingProblem('weightDecay', -1)).toBe('at least 0')
    expect(settingProblem('epochs', Number.NaN)).toBe('a number')
  })
})
