import { beforeEach, describe, expect, it } from 'vitest'
import { live, useLive, type Progress } from './liveStore'

const point = (step: number, loss: number) => ({ step, loss, acc: 0.5, lr: 0.1 })
const progress = (step: number, loss: number, points = [point(step, loss)]): Progress => ({
  runId: 1,
  epoch: 1,
  epochs: 1,
  batch: step,
  batches: 10,
  step,
  loss,
  acc: 0.5,
  lr: 0.1,
  imagesPerSec: 100,
  etaMs: 1000,
  points,
})

describe('live run store', () => {
  beforeEach(() => useLive.setState({ runs: {}, statusSerial: 0, watched: null }))

  it('grows the batch curves from progress events and marks the run running', () => {
    live.progress(progress(1, 2.3))
    live.progress(progress(2, 2.1))
    const r = useLive.getState().runs[1]!
    expect(r.status).toBe('running')
    expect(r.curves['batch/loss']).toEqual([
      [1, 2.3],
      [2, 2.1],
    ])
    expect(r.progress?.step).toBe(2)
  })

  it('draws every batch an event carries, not only its latest', () => {
    live.progress(progress(3, 1.8, [point(1, 2.3), point(2, 2.0), point(3, 1.8)]))
    live.progress(progress(5, 1.5, [point(3, 1.8), point(4, 1.6), point(5, 1.5)]))
    expect(useLive.getState().runs[1]!.curves['batch/loss']).toEqual([
      [1, 2.3],
      [2, 2.0],
      [3, 1.8],
      [4, 1.6],
      [5, 1.5],
    ])
    expect(useLive.getState().runs[1]!.curves['batch/lr']).toHaveLength(5)
  })

  it('ignores a replayed step, and merges stored curves under the live ones', () => {
    live.progress(progress(5, 1.5))
    live.progress(progress(5, 9))
    live.loaded(1, {
      'batch/loss': [
        [1, 2.3],
        [3, 2.0],
        [5, 1.5],
      ],
    })
    expect(useLive.getState().runs[1]!.curves['batch/loss']).toEqual([
      [1, 2.3],
      [3, 2.0],
      [5, 1.5],
    ])
  })

  it('epoch events add epoch series (validation only when there is one); status bumps the serial', () => {
    live.epoch({
      runId: 2,
      epoch: 1,
      epochs: 2,
      step: 10,
      trainLoss: 1,
      trainAcc: 0.6,
      valLoss: null,
      valAcc: null,
      lr: 0.1,
      imagesPerSec: 100,
      durationMs: 1000,
    })
    expect(Object.keys(useLive.getState().runs[2]!.curves).sort()).toEqual([
      'epoch/lr',
      'epoch/train_accuracy',
      'epoch/train_loss',
    ])
    live.status({ runId: 2, status: 'diverged', error: 'the loss became NaN' })
    expect(useLive.getState().statusSerial).toBe(1)
    expect(useLive.getState().runs[2]!.error).toBe('the loss became NaN')
  })

  it('thins a long live curve instead of growing without bound', () => {
    for (let s = 1; s <= 5000; s++) live.progress(progress(s, 1))
    const n = useLive.getState().runs[1]!.curves['batch/loss']!.length
    expect(n).toBeLessThanOrEqual(4000)
    expect(useLive.getState().runs[1]!.curves['batch/loss']!.at(-1)![0]).toBe(5000)
  })
})

describe('status updates', () => {
  beforeEach(() => useLive.setState({ runs: {}, statusSerial: 0, watched: null }))
  it('a subscriber sees the new status together with the new serial', () => {
    const seen: [string | null | undefined, string | null | undefined][] = []
    const off = useLive.subscribe((s, prev) => {
      if (s.statusSerial !== prev.statusSerial) seen.push([prev.runs[1]?.status, s.runs[1]?.status])
    })
    live.status({ runId: 1, status: 'running', error: null })
    live.status({ runId: 1, status: 'completed', error: null })
    off()
    expect(seen).toEqual([
      [undefined, 'running'],
      ['running', 'completed'],
    ])
  })
})
