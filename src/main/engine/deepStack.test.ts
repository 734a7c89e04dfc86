import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expand } from '../../shared/graph'
import { chain, design, node } from '../../shared/graph/testing'
import { exportTfjs } from '../export/tfjs'
import { initBackend } from './backend'
import { compile } from './compile'
import { layerDepth, needsDeepStack, SHALLOW_DEPTH } from './deepStack'

const dir = mkdtempSync(join(tmpdir(), 'blockwise-deep-'))
beforeAll(() => initBackend('cpu'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Input 4×4×1 → `n` ReLUs → flatten → 3 classes: one weight layer, the output. */
function reluChain(n: number) {
  return expand(
    chain([
      node('in', 'input', { height: 4, width: 4, channels: 1 }),
      ...Array.from({ length: n }, (_, i) => node(`r${i}`, 'activation', { fn: 'relu' })),
      node('flat', 'flatten'),
      node('out', 'output', { classes: 3 }),
    ]),
  )
}

describe('deep-stack threads', () => {
  it('measure depth along the longest path, not the number of layers', () => {
    expect(layerDepth(reluChain(5))).toBe(8)
    const fan = expand(
      design(
        [
          node('in', 'input', { height: 4, width: 4, channels: 1 }),
          ...Array.from({ length: 50 }, (_, i) => node(`b${i}`, 'activation', { fn: 'relu' })),
          node('cat', 'concat'),
          node('gap', 'globalAvgPool'),
          node('out', 'output', { classes: 3 }),
        ],
        [
          ...Array.from({ length: 50 }, (_, i): [string, string] => ['in', `b${i}`]),
          ...Array.from({ length: 50 }, (_, i): [string, string, number] => [`b${i}`, 'cat', i]),
          ['cat', 'gap'],
          ['gap', 'out'],
        ],
      ),
    )
    expect(layerDepth(fan)).toBe(5)
    expect(needsDeepStack(fan)).toBe(false)
    expect(needsDeepStack(reluChain(SHALLOW_DEPTH))).toBe(true)
  })

  it('write the tfjs export of a model too deep to build on this thread', async () => {
    const graph = reluChain(6000)
    // What the thread is for: tfjs-layers' recursive graph walk overflows a default stack.
    expect(() => compile(graph)).toThrow(/call stack/)
    const weights = new Map([
      [
        'out',
        [
          { name: 'out/kernel', shape: [16, 3], data: new Float32Array(48).fill(0.5) },
          { name: 'out/bias', shape: [3], data: Float32Array.of(1, 2, 3) },
        ],
      ],
    ])
    // From source, the thread runs export/tfjsThread.ts through tsx, as in development.
    const files = await exportTfjs(graph, weights, join(dir, 'deep'), 'deep')
    const json = JSON.parse(readFileSync(files[0]!, 'utf8')) as {
      modelTopology: { config: { layers: unknown[] } }
    }
    expect(json.modelTopology.config.layers).toHaveLength(6000 + 4)
    const bin = readFileSync(join(dir, 'deep', 'weights.bin'))
    expect(new Float32Array(bin.buffer, bin.byteOffset, 51).slice(48)).toEqual(
      Float32Array.of(1, 2, 3),
    )
  }, 120_000)

  it('say why when the export cannot be written', async () => {
    const graph = reluChain(SHALLOW_DEPTH + 1)
    await expect(exportTfjs(graph, new Map(), join(dir, 'none'), 'none')).rejects.toThrow(
      /^out: no trained value for out\/kernel$/,
    )
  }, 120_000)
})
