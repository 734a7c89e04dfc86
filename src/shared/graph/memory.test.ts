import { describe, expect, it } from 'vitest'
import { getTemplate } from '../templates'
import { analyze } from './analyze'
import {
  describeMemory,
  formatBytes,
  MAX_TENSOR_VALUES,
  evalBatchSize,
  memoryForecast,
  memoryProblem,
  WASM_HEAP_BYTES,
} from './memory'
import type { Design } from './types'

const lenet = () => getTemplate('lenet5')!.build()

/** input 28×28×1 → conv (filters) → flatten → output 10. */
function wideConv(filters: number, kernel = 3): Design {
  const nodes: Design['nodes'] = [
    {
      id: 'in',
      kind: 'input',
      params: { height: 28, width: 28, channels: 1 },
      position: { x: 0, y: 0 },
    },
    { id: 'n2', kind: 'conv2d', params: { filters, kernel }, position: { x: 0, y: 1 } },
    { id: 'gap', kind: 'globalAvgPool', params: {}, position: { x: 0, y: 2 } },
    { id: 'out', kind: 'output', params: { classes: 10 }, position: { x: 0, y: 3 } },
  ]
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }))
  return { version: 1, name: 'wide', nodes, edges }
}

describe('the memory forecast', () => {
  it('counts LeNet-5’s weights, gradients, optimizer slots and batch activations', () => {
    const a = analyze(lenet())
    const { params, nonTrainableParams, activations } = a.totals
    const adam = memoryForecast(a, { batchSize: 64, optimizer: 'adam' })
    expect(adam.weights).toBe((params + nonTrainableParams) * 4)
    expect(adam.gradients).toBe(params * 4)
    expect(adam.optimizer).toBe(2 * params * 4)
    expect(adam.activations).toBe(activations * 64 * 4 * 2)
    expect(adam.total).toBe(adam.weights + adam.gradients + adam.optimizer + adam.activations)
    expect(memoryForecast(a, { batchSize: 64, optimizer: 'sgd' }).optimizer).toBe(0)
    expect(memoryForecast(a, { batchSize: 64, optimizer: 'momentum' }).optimizer).toBe(params * 4)
    expect(adam.largest?.values).toBeGreaterThan(0)
    expect(describeMemory(adam)).toMatch(
      /^≈ \S+ [kMG]B at batch 64: weights .* optimizer .* activations /,
    )
    expect(memoryProblem(adam, 'wasm')).toBeNull()
  })

  it('a conv whose weights no tensor can hold is an error on its node, with the bytes', () => {
    // 11·11·8192·8192 = 8,120,172,544 weights behind an 8192-channel conv: over 2³² − 1.
    const d0 = wideConv(8192, 11)
    d0.nodes.splice(1, 0, {
      id: 'n1',
      kind: 'conv2d',
      params: { filters: 8192, kernel: 1 },
      position: { x: 1, y: 1 },
    })
    d0.edges = d0.nodes
      .slice(1)
      .map((n, i) => ({ id: `e${i}`, source: d0.nodes[i]!.id, target: n.id }))
    const a = analyze(d0)
    expect(a.valid).toBe(false)
    const d = a.diagnostics.find((x) => x.code === 'too-large')
    expect(d).toMatchObject({ nodeId: 'n2', severity: 'error' })
    expect(d?.message).toMatch(
      /its weights need 8\.12 billion values \(32\.5 GB\); one tensor holds at most 4\.29 billion/,
    )
    expect(analyze(wideConv(64)).diagnostics.some((x) => x.code === 'too-large')).toBe(false)
  })

  it('refuses more than wasm’s heap on wasm only, and a batch output beyond a tensor anywhere', () => {
    const a = analyze(wideConv(4096))
    // 28·28·4096 values per example at the conv: about 3.2 million; ×2 kept ×4 bytes ×batch.
    const big = memoryForecast(a, { batchSize: 256, optimizer: 'sgd' })
    expect(big.total).toBeGreaterThan(WASM_HEAP_BYTES)
    expect(memoryProblem(big, 'wasm')).toMatch(
      /^This run needs ≈ .* at batch 256: .*; the WebAssembly backend holds at most 4\.29 GB\. Lower the batch size/,
    )
    expect(memoryProblem(big, 'webgpu')).toBeNull()
    // A GPU whose buffers hold 256 MiB: the conv's output at batch 256 is 3.29 GB.
    expect(memoryProblem(big, 'webgpu', 2 ** 28)).toMatch(
      /^At batch 256, n2's output needs 3\.29 GB; this GPU holds at most 268 MB in one buffer\. Lower the batch size\.$/,
    )
    const huge = memoryForecast(a, { batchSize: 2000, optimizer: 'sgd' })
    expect(huge.largest!.values).toBeGreaterThan(MAX_TENSOR_VALUES)
    expect(memoryProblem(huge, 'tensorflow')).toMatch(
      /^At batch 2000, n2's output has 6\.42 billion values/,
    )
  })

  it('evaluates 256 images at a time unless their outputs pass 512 MiB, and never fewer than the batch', () => {
    expect(evalBatchSize(10_000, 32)).toBe(256)
    expect(evalBatchSize(10_000, 1024)).toBe(1024)
    // 15.7 million values an image (10,000 branches of a 28×28 image): 8 images are 502 MB.
    expect(evalBatchSize(15_690_000, 4)).toBe(8)
    expect(evalBatchSize(15_690_000, 64)).toBe(64)
    expect(evalBatchSize(0, 16)).toBe(256)
  })

  it('writes bytes as people read them', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(245_000_000)).toBe('245 MB')
    expect(formatBytes(4 * 2 ** 30)).toBe('4.29 GB')
  })
})
