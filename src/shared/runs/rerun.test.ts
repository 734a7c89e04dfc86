import { describe, expect, it } from 'vitest'
import { getTemplate } from '../templates'
import { rerunBody } from './rerun'
import { hasShortcuts } from './twin'

// What the engine stores: the filled TrainSettings plus the backend pin.
const stored = {
  epochs: 1,
  batchSize: 64,
  lr: 0.05,
  optimizer: 'momentum',
  momentum: 0.9,
  nesterov: false,
  weightDecay: 1e-4,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  rmspropDecay: 0.9,
  epsilon: 1e-7,
  schedule: 'multiStep',
  stepEvery: 30,
  stepGamma: 0.1,
  milestones: [82, 123],
  minLr: 0,
  warmupEpochs: 0,
  valFraction: 0.1,
  patience: 0,
  seed: 7,
  cropPadding: 4,
  flip: true,
  limit: 512,
  backend: 'wasm',
}

describe('rerunBody', () => {
  it('starts the same design on the same data with the stored recipe and backend', () => {
    const graph = getTemplate('cifar-resnet20')!.build()
    const r = rerunBody({ name: 'r20', graph, datasetId: 'cifar', hyperparameters: stored })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const { backend: _backend, ...rest } = stored
    expect(r.body.hyperparameters).toEqual(rest)
    expect(r.body.backend).toBe('wasm')
    expect(r.body.design).toBe(graph)
    expect(r.body.name).toBe('r20 (re-run)')
  })

  it('the plain twin keeps seed, data and schedule, and loses the shortcuts', () => {
    const graph = getTemplate('cifar-resnet20')!.build()
    const r = rerunBody(
      { name: 'r20', graph, datasetId: 'cifar', hyperparameters: stored },
      { twin: true },
    )
    expect(r.ok && hasShortcuts(r.body.design)).toBe(false)
    expect(
      r.ok && [r.body.hyperparameters.seed, r.body.hyperparameters.milestones, r.body.datasetId],
    ).toEqual([7, [82, 123], 'cifar'])
    expect(r.ok && r.body.name).toBe('r20 (plain twin)')
  })

  it('says why it cannot: dataset gone, a stored value out of range', () => {
    const graph = getTemplate('lenet5')!.build()
    expect(rerunBody({ name: 'x', graph, datasetId: null, hyperparameters: {} })).toEqual({
      ok: false,
      error: 'Its dataset no longer exists.',
    })
    const bad = rerunBody({ name: 'x', graph, datasetId: 'mnist', hyperparameters: { lr: -1 } })
    expect(!bad.ok && bad.error).toMatch(/^Its stored setting lr is not valid/)
  })
})
