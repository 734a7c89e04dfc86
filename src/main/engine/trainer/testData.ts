import type { PrimitiveKind, PrimitiveNode } from '../../../shared/graph'
import type { Design, ExpandedGraph } from '../../../shared/graph'
import { chain, node } from '../../../shared/graph/testing'
import type { Split, TrainData } from './data'
import { createRng } from '../../../shared/random'

/**
 * A small learnable dataset for tests: 8×8×1 images whose class (0..3) is the quadrant that is
 * bright, with noise. Made here so tests need no dataset cache.
 */
export function quadrantData(
  counts: { train: number; val: number; test: number },
  seed = 1,
): TrainData {
  const rng = createRng(seed)
  const split = (count: number): Split => {
    const images = new Uint8Array(count * 64)
    const labels = new Uint8Array(count)
    for (let i = 0; i < count; i++) {
      const label = Math.floor(rng() * 4)
      labels[i] = label
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const q = (y < 4 ? 0 : 2) + (x < 4 ? 0 : 1)
          images[i * 64 + y * 8 + x] = Math.min(
            255,
            Math.floor((q === label ? 160 : 40) + rng() * 60),
          )
        }
      }
    }
    return { images, labels, count }
  }
  return {
    shape: [8, 8, 1],
    classes: ['a', 'b', 'c', 'd'],
    train: split(counts.train),
    val: split(counts.val),
    test: split(counts.test),
    mean: [80],
    std: [50],
  }
}

const n = (
  id: string,
  kind: PrimitiveKind,
  params: Record<string, unknown>,
  inputs: string[] = [],
): PrimitiveNode => ({ id, name: id, kind, params, inputs, origin: id }) as PrimitiveNode

/** A tiny conv net for 8×8×1 inputs (with batch norm and dropout, so training mode matters). */
export function tinyNet(classes = 4): ExpandedGraph {
  return {
    inputId: 'in',
    outputId: 'out',
    nodes: [
      n('in', 'input', { height: 8, width: 8, channels: 1 }),
      n('conv', 'conv2d', {
        filters: 4,
        kernel: 3,
        stride: 1,
        padding: 'same',
        pad: 0,
        dilation: 1,
        useBias: false,
      }),
      n('bn', 'batchNorm', { epsilon: 1e-5, momentum: 0.9, center: true, scale: true }, ['conv']),
      n('relu', 'activation', { fn: 'relu', alpha: 0 }, ['bn']),
      n('pool', 'maxPool2d', { pool: 2, stride: 2, padding: 'valid' }, ['relu']),
      n('flat', 'flatten', {}, ['pool']),
      n('drop', 'dropout', { rate: 0.1 }, ['flat']),
      n('out', 'output', { classes }, ['drop']),
    ].map((node, i, all) =>
      i === 1
        ? { ...node, inputs: ['in'] }
        : node.inputs.length || i === 0
          ? node
          : { ...node, inputs: [all[i - 1]!.id] },
    ),
  }
}

/** Dense layers only, no batch norm: a huge learning rate blows it up. */
export function plainNet(classes = 4): ExpandedGraph {
  return {
    inputId: 'in',
    outputId: 'out',
    nodes: [
      n('in', 'input', { height: 8, width: 8, channels: 1 }),
      n('flat', 'flatten', {}, ['in']),
      n('fc', 'dense', { units: 32, useBias: true }, ['flat']),
      n('relu', 'activation', { fn: 'relu', alpha: 0 }, ['fc']),
      n('out', 'output', { classes }, ['relu']),
    ],
  }
}

/**
 * The tiny conv net as a design (what a run stores), for tests that go through `analyze`;
 * `filters` widens its conv (4096 makes a batch too big for a backend cheaply).
 */
export function tinyDesign(classes = 4, filters = 4): Design {
  return chain(
    [
      node('in', 'input', { height: 8, width: 8, channels: 1 }),
      node('conv', 'conv2d', { filters, kernel: 3 }),
      node('bn', 'batchNorm'),
      node('relu', 'activation', { fn: 'relu' }),
      node('pool', 'maxPool2d'),
      node('flat', 'flatten'),
      node('out', 'output', { classes }),
    ],
    'tiny',
  )
}
