import { describe, expect, it } from 'vitest'
import type { Progress } from './liveStore'
import { runPhase } from './phase'

const at = (epoch: number, batch: number): Progress => ({
  runId: 1,
  epoch,
  epochs: 2,
  batch,
  batches: 10,
  step: (epoch - 1) * 10 + batch,
  loss: 1,
  acc: 0.5,
  lr: 0.1,
  imagesPerSec: 100,
  etaMs: 0,
  points: [],
})

describe('runPhase', () => {
  it('trains until the last batch, then validates until the epoch is reported', () => {
    expect(runPhase(at(1, 9), {})).toBe('training')
    expect(runPhase(at(1, 10), {})).toBe('validating')
    expect(runPhase(at(1, 10), { 'epoch/train_loss': [[10, 0.9]] })).toBe('training')
  })

  it('tests once the final epoch is reported', () => {
    const curves = { 'epoch/train_loss': [[10, 0.9] as [number, number]] }
    expect(runPhase(at(2, 10), curves)).toBe('validating')
    curves['epoch/train_loss'].push([20, 0.5])
    expect(runPhase(at(2, 10), curves)).toBe('testing')
  })
})
