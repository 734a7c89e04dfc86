import { describe, expect, it } from 'vitest'
import { getTemplate } from '../templates'
import { analyze } from './analyze'
import { chain, node } from './testing'
import type { Design } from './types'

const lenet5 = (): Design =>
  chain([
    node('in', 'input'),
    node('c1', 'conv2d', { filters: 6, kernel: 5, padding: 'same' }),
    node('s1', 'activation', { fn: 'sigmoid' }),
    node('p1', 'avgPool2d'),
    node('c2', 'conv2d', { filters: 16, kernel: 5, padding: 'valid' }),
    node('p2', 'avgPool2d'),
    node('c3', 'conv2d', { filters: 120, kernel: 5, padding: 'valid' }),
    node('f', 'flatten'),
    node('d', 'dense', { units: 84 }),
    node('out', 'output', { classes: 10 }),
  ])

function template(id: string): Design {
  const t = getTemplate(id)
  if (!t) throw new Error(`no template ${id}`)
  return t.build()
}

describe('analyze', () => {
  it('counts LeNet-5: 61,706 parameters, MACs layer by layer', () => {
    const a = analyze(lenet5())
    expect(a.valid).toBe(true)
    expect(a.totals.params).toBe(156 + 2416 + 48120 + 10164 + 850)
    expect(a.totals.params).toBe(61_706)
    expect(a.totals.macs).toBe(
      25 * 6 * 28 * 28 + 25 * 6 * 16 * 10 * 10 + 25 * 16 * 120 + 120 * 84 + 84 * 10,
    )
    expect(a.totals.depth).toBe(5)
    const outputs = [
      28 * 28,
      28 * 28 * 6,
      28 * 28 * 6,
      14 * 14 * 6,
      10 * 10 * 16,
      5 * 5 * 16,
      120,
      120,
      84,
      10,
    ]
    expect(a.totals.activations).toBe(outputs.reduce((s, x) => s + x, 0))
    expect(a.nodes.c3?.shape).toEqual([1, 1, 120])
    expect(a.inputShape).toEqual([28, 28, 1])
    expect(a.outputShape).toEqual([10])
  })

  it('counts a CIFAR basic block with 16 filters: 4,672 trainable, 64 moving statistics', () => {
    const a = analyze(
      chain([
        node('in', 'input', { height: 32, width: 32, channels: 16 }),
        node('r', 'residualBlock', { filters: 16 }),
      ]),
    )
    expect(a.nodes.r?.cost).toEqual({
      params: 4672,
      nonTrainableParams: 64,
      macs: 2 * 9 * 16 * 16 * 32 * 32,
    })
    expect(a.nodes.r?.inner).toHaveLength(7)
    expect(a.nodes.in?.inner).toEqual([])
  })

  it('tracks receptive field and cumulative stride', () => {
    const a = analyze(lenet5())
    // 5×5 conv: 5; pool 2 at jump 1: 6, jump 2; 5×5 at jump 2: 14; pool: 16, jump 4; 5×5 at 4: 32
    expect(
      [a.nodes.c1, a.nodes.p1, a.nodes.c2, a.nodes.p2, a.nodes.c3].map((n) => [
        n?.receptiveField,
        n?.cumulativeStride,
      ]),
    ).toEqual([
      [5, 1],
      [6, 2],
      [14, 2],
      [16, 4],
      [32, 4],
    ])
    const dilated = analyze(
      chain([node('in', 'input'), node('c', 'conv2d', { kernel: 3, dilation: 2 })]),
    )
    expect(dilated.nodes.c?.receptiveField).toBe(5)
  })

  it('gives VGG-16 the known 138,357,544 parameters, 15.47 G MACs and a 212-pixel pool5 field', () => {
    const a = analyze(template('vgg16'))
    expect(a.totals.params).toBe(138_357_544)
    // conv MACs, worked out from the paper's table: 3·3·cin·cout·size² per conv, then the three FCs
    const convs: [number, number, number][] = [
      [3, 64, 224],
      [64, 64, 224],
      [64, 128, 112],
      [128, 128, 112],
      [128, 256, 56],
      [256, 256, 56],
      [256, 256, 56],
      [256, 512, 28],
      [512, 512, 28],
      [512, 512, 28],
      [512, 512, 14],
      [512, 512, 14],
      [512, 512, 14],
    ]
    const macs =
      convs.reduce((s, [i, o, n]) => s + 9 * i * o * n * n, 0) +
      25088 * 4096 +
      4096 * 4096 +
      4096 * 1000
    expect(a.totals.macs).toBe(macs)
    expect(a.totals.depth).toBe(16)
    const pool5 = a.layers.filter((l) => l.kind === 'maxPool2d').at(-1)
    expect([pool5?.receptiveField, pool5?.cumulativeStride]).toEqual([212, 32])
  })

  it('matches the GFLOPs torchvision quotes for ResNet-50 and ResNet-152', () => {
    const r50 = analyze(template('resnet50'))
    expect(r50.totals.params).toBe(25_557_032)
    expect(r50.totals.macs / 1e9).toBeCloseTo(4.09, 2)
    const r152 = analyze(template('resnet152'))
    expect(r152.totals.params).toBe(60_192_808)
    expect(r152.totals.macs / 1e9).toBeCloseTo(11.51, 2)
    expect(r152.totals.depth).toBe(152)
    expect(r152.layers.length).toBeGreaterThan(500)
    // BN keeps a moving mean and variance per channel: as many as its γ and β
    const bnParams = r152.layers
      .filter((l) => l.kind === 'batchNorm')
      .reduce((s, l) => s + l.cost.params, 0)
    expect(r152.totals.nonTrainableParams).toBe(bnParams)
  })

  it('sums a composite node over its inside, and keys nodes by id', () => {
    const a = analyze(template('resnet50'))
    const stage = a.nodes.stage1
    expect(stage?.inner.every((l) => l.origin === 'stage1')).toBe(true)
    expect(stage?.cost.params).toBe(stage?.inner.reduce((s, l) => s + l.cost.params, 0))
    expect(stage?.shape).toEqual([56, 56, 256])
    expect(Object.keys(a.nodes)).toEqual(template('resnet50').nodes.map((n) => n.id))
  })
})
