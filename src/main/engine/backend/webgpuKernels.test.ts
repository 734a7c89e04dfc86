/**
 * Every primitive kind the compiler emits, forward and gradient, on webgpu against tfjs's cpu
 * backend: the logits, the gradient of a softmax cross-entropy loss for the input and for every
 * trainable weight, to 1e-3 relative. (Dilated convolutions are left out: tfjs refuses their
 * gradient on every backend.) Runs on the machine's GPU, or SwiftShader where it has none;
 * skips, saying why, where neither exists.
 */
import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PrimitiveKind, PrimitiveNode } from '../../../shared/graph'
import { compile } from '../compile/compile'
import { requestGpuAdapter } from './gpuAdapter'
import { seeded, relativeError } from './kernels/compareBackends'
import { loadWebgpu } from './webgpu'
import { useSoftwareGpu } from './webgpuTesting'

const noDriver = useSoftwareGpu()
const adapter = noDriver === null ? await requestGpuAdapter() : null
const skip = noDriver ?? (adapter?.ok === false ? adapter.reason : null)
if (skip) console.warn(`webgpu kernel checks skipped: ${skip}`)

function node(
  id: string,
  kind: PrimitiveKind,
  params: Record<string, unknown>,
  inputs: string[],
): PrimitiveNode {
  return { id, name: id, kind, params, inputs, origin: id } as PrimitiveNode
}

const conv = (p: Record<string, unknown>, input = 'in', id = 'x') =>
  node(
    id,
    'conv2d',
    { filters: 4, kernel: 3, stride: 1, padding: 'same', pad: 0, dilation: 1, useBias: true, ...p },
    [input],
  )

interface Case {
  name: string
  /** The nodes between the input (`in`) and the flatten → output(3) the case ends with. */
  body: PrimitiveNode[]
  /** The last body node, fed to flatten. */
  last?: string
  input?: [number, number, number]
  /** The last node's output is a vector already: no flatten before the output. */
  flat?: boolean
}

const one = (kind: PrimitiveKind, params: Record<string, unknown>, name: string = kind): Case => ({
  name,
  body: [node('x', kind, params, ['in'])],
})

const CASES: Case[] = [
  ...(
    [
      [1, 1, 'same'],
      [3, 1, 'same'],
      [3, 2, 'valid'],
      [5, 2, 'same'],
      [7, 4, 'same'],
      [11, 4, 'valid'],
    ] as const
  ).map(([kernel, stride, padding]) => ({
    name: `conv2d ${kernel}×${kernel} stride ${stride} ${padding}`,
    body: [conv({ kernel, stride, padding })],
  })),
  {
    name: 'conv2d explicit pad 1, no bias',
    body: [conv({ padding: 'explicit', pad: 1, useBias: false })],
  },
  {
    name: 'dense',
    flat: true,
    body: [
      node('f0', 'flatten', {}, ['in']),
      node('x', 'dense', { units: 6, useBias: true }, ['f0']),
    ],
  },
  one('maxPool2d', { pool: 3, stride: 2, padding: 'valid' }, 'maxPool2d 3 stride 2 valid'),
  one('maxPool2d', { pool: 2, stride: 2, padding: 'same' }, 'maxPool2d 2 stride 2 same'),
  one('avgPool2d', { pool: 2, stride: 1, padding: 'same' }, 'avgPool2d 2 stride 1 same'),
  one('avgPool2d', { pool: 3, stride: 2, padding: 'valid' }, 'avgPool2d 3 stride 2 valid'),
  { ...one('globalAvgPool', {}), flat: true },
  ...(['relu', 'sigmoid', 'tanh', 'softmax', 'linear'] as const).map((fn) =>
    one('activation', { fn, alpha: 0 }, `activation ${fn}`),
  ),
  one('activation', { fn: 'elu', alpha: 1 }, 'activation elu'),
  one('activation', { fn: 'leakyRelu', alpha: 0.1 }, 'activation leakyRelu'),
  {
    name: 'batchNorm (training: batch statistics)',
    body: [
      conv({}),
      node('bn', 'batchNorm', { epsilon: 1e-3, momentum: 0.9, center: true, scale: true }, ['x']),
    ],
    last: 'bn',
  },
  one('lrn', { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }),
  one('zeroPad2d', { top: 1, bottom: 2, left: 0, right: 1 }),
  one('channelPad', { channels: 5 }),
  {
    name: 'concat',
    body: [
      conv({ filters: 2 }, 'in', 'a'),
      conv({ filters: 3, kernel: 1 }, 'in', 'b'),
      node('x', 'concat', {}, ['a', 'b']),
    ],
  },
  {
    name: 'add',
    body: [conv({ filters: 3 }, 'in', 'a'), node('x', 'add', {}, ['a', 'in'])],
  },
]

const BATCH = 4
const CLASSES = 3

/** Logits, input gradient and weight gradients of one case on the current backend. */
async function evaluate(c: Case, x: Float32Array, labels: number[]): Promise<Float32Array[]> {
  const [h, w, ch] = c.input ?? [12, 12, 3]
  const nodes = [
    node('in', 'input', { height: h, width: w, channels: ch }, []),
    ...c.body,
    ...(c.flat ? [] : [node('fl', 'flatten', {}, [c.last ?? 'x'])]),
    node('out', 'output', { classes: CLASSES }, [c.flat ? (c.last ?? 'x') : 'fl']),
  ]
  const compiled = compile({ nodes, inputId: 'in', outputId: 'out' }, { seed: 7 })
  try {
    const xs = tf.tensor4d(x, [BATCH, h, w, ch])
    const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES)
    const loss = (input: tf.Tensor) =>
      tf.losses.softmaxCrossEntropy(
        ys,
        compiled.logits.apply(input, { training: true }) as tf.Tensor,
      ) as tf.Scalar
    const logits = compiled.logits.apply(xs, { training: true }) as tf.Tensor
    const dx = tf.grad(loss)(xs)
    const vars = compiled.logits.trainableWeights.map((v) => v.read() as tf.Variable)
    const { grads } = tf.variableGrads(() => loss(xs), vars)
    const outs = [logits, dx, ...vars.map((v) => grads[v.name]!)]
    const data = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())))
    tf.dispose([xs, ys, ...outs])
    return data
  } finally {
    compiled.model.dispose()
  }
}

describe.skipIf(skip !== null)('webgpu against cpu, kernel by kernel', () => {
  beforeAll(async () => {
    await loadWebgpu(true)
  }, 60_000)

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: forward and gradients to 1e-3',
    async (_name, c) => {
      const [h, w, ch] = c.input ?? [12, 12, 3]
      const x = seeded(BATCH * h * w * ch, 11)
      const labels = [0, 1, 2, 1]
      await tf.setBackend('cpu')
      const expected = await evaluate(c, x, labels)
      await tf.setBackend('webgpu')
      const actual = await evaluate(c, x, labels)
      expect(actual.length).toBe(expected.length)
      actual.forEach((a, i) => {
        const what = i === 0 ? 'logits' : i === 1 ? 'dL/dx' : `dL/dw${i - 2}`
        expect(relativeError(a, expected[i]!), `${c.name}: ${what}`).toBeLessThan(1e-3)
      })
    },
    120_000,
  )

  it('dropout drops about its rate and scales the rest, on the GPU', async () => {
    await tf.setBackend('webgpu')
    const kept = tf.tidy(() => tf.dropout(tf.ones([64, 64]), 0.5, undefined, 3))
    const values = await kept.data()
    kept.dispose()
    const zeros = values.filter((v) => v === 0).length / values.length
    expect(zeros).toBeGreaterThan(0.4)
    expect(zeros).toBeLessThan(0.6)
    expect(values.every((v) => v === 0 || Math.abs(v - 2) < 1e-6)).toBe(true)
  })
})
