import { describe, expect, it } from 'vitest'
import type { RunDetail } from '../../../shared/api'
import { METRICS, overlayOption } from './overlay'
import type { CompareRun } from './useCompareData'

const axis = { axisLabel: { color: '#888' } }
const run = (id: number, batchSteps: number): CompareRun => ({
  run: { id, name: `run ${id}` } as RunDetail,
  series: {
    'batch/loss': {
      name: 'batch/loss',
      total: batchSteps,
      points: Array.from({ length: batchSteps }, (_, i) => ({
        step: i + 1,
        epoch: Math.ceil((i + 1) / 10),
        value: 1 / (i + 1),
        time: i,
      })),
    },
    'epoch/train_loss': {
      name: 'epoch/train_loss',
      total: 2,
      points: [10, 20].map((step, i) => ({ step, epoch: i + 1, value: 0.5, time: step })),
    },
  },
})
type Series = { name: string; data: [number, number | null][]; lineStyle: { opacity: number } }
const seriesOf = (o: Record<string, unknown>) => o.series as Series[]
const batchLoss = METRICS.find((m) => m.id === 'batch/loss')!

describe('overlayOption', () => {
  it('puts batch points on an epoch axis (10 batches an epoch: step 5 → epoch 0.5)', () => {
    const s = seriesOf(overlayOption([run(1, 20)], batchLoss, 0, axis))
    expect(s).toHaveLength(1)
    expect(s[0]!.data[4]).toEqual([0.5, 0.2])
    expect(s[0]!.name).toBe('#1 run 1')
  })

  it('draws raw lines under smoothed ones for up to three runs, not in the legend', () => {
    const three = overlayOption([run(1, 20), run(2, 20), run(3, 20)], batchLoss, 0.6, axis)
    expect(seriesOf(three)).toHaveLength(6)
    expect((three.legend as { data: string[] }).data).toEqual(['#1 run 1', '#2 run 2', '#3 run 3'])
    const four = overlayOption(
      [1, 2, 3, 4].map((i) => run(i, 20)),
      batchLoss,
      0.6,
      axis,
    )
    expect(seriesOf(four)).toHaveLength(4)
  })

  it('a run without the metric gives an empty line, not a failure', () => {
    const s = seriesOf(overlayOption([run(1, 20)], METRICS[0], 0.5, axis))
    expect(s.find((x) => x.name === '#1 run 1')!.data).toEqual([])
  })
})
