/**
 * Whole runs on webgpu (the machine's GPU, or SwiftShader where it has none): the loss falls for
 * a plain conv net, a CIFAR ResNet and an inception net, and neither tensors nor GPU memory grow
 * from epoch to epoch. Skips, saying why, where no adapter exists.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { afterAll, describe, expect, it } from 'vitest'
import type { Design } from '../../../shared/graph'
import { chain, node } from '../../../shared/graph/testing'
import { adaptToDataset } from '../../../shared/runs/adapt'
import { getTemplate } from '../../../shared/templates'
import { parseSettings, type Hyperparameters } from '../../../shared/training/settings'
import { initBackend, webgpuBufferLimit } from '../backend'
import { requestGpuAdapter } from '../backend/gpuAdapter'
import { useSoftwareGpu } from '../backend/webgpuTesting'
import type { TrainerMessage } from '../messages'
import { runJob } from './job'
import { quadrantData, tinyDesign } from './testData'

const noDriver = useSoftwareGpu()
const adapter = noDriver === null ? await requestGpuAdapter() : null
const skip = noDriver ?? (adapter?.ok === false ? adapter.reason : null)
if (skip) console.warn(`webgpu training checks skipped: ${skip}`)

const root = mkdtempSync(join(tmpdir(), 'blockwise-webgpu-job-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const data = quadrantData({ train: 64, val: 16, test: 16 })

interface Memory {
  tensors: number
  bytes: number
  /** What the webgpu backend holds on the device, its buffer pool included. */
  gpu: number | undefined
}

async function train(design: Design, hp: Hyperparameters) {
  const messages: TrainerMessage[] = []
  const memory: Memory[] = []
  await runJob(
    {
      runId: 1,
      design,
      settings: parseSettings({ valFraction: 0, ...hp }),
      home: root,
      datasetId: 'quadrants',
      runDir: join(root, `run-${design.name}`),
      backend: 'webgpu',
    },
    {
      send: (m) => {
        messages.push(m)
        if (m.type === 'epoch') {
          const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number }
          memory.push({ tensors: m.numTensors, bytes: m.numBytes, gpu: m.numBytesAllocatedInGPU })
        }
      },
      shouldStop: () => false,
      loadData: async () => data,
    },
  )
  const failed = messages.find((m) => m.type === 'error')
  if (failed) throw new Error(`the run failed: ${JSON.stringify(failed)}`)
  const losses = messages.flatMap((m) => (m.type === 'batch' ? [m.loss] : []))
  return { messages, memory, losses }
}

const adapted = (id: string): Design => {
  const r = adaptToDataset(getTemplate(id)!.build(), data)
  if (!r.ok) throw new Error(r.error)
  return r.design
}

/** A stem conv, one inception module and global pooling: GoogLeNet's shape, 8×8 small. */
function inceptionNet(): Design {
  return chain(
    [
      node('in', 'input', { height: 8, width: 8, channels: 1 }),
      node('stem', 'conv2d', { filters: 8, kernel: 3 }),
      node('relu', 'activation', { fn: 'relu' }),
      node('inc', 'inceptionModule', {
        b1x1: 4,
        b3x3reduce: 4,
        b3x3: 6,
        b5x5reduce: 2,
        b5x5: 4,
        poolProj: 4,
      }),
      node('gap', 'globalAvgPool'),
      node('out', 'output', { classes: 4 }),
    ],
    'inception',
  )
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

describe.skipIf(skip !== null)('training on webgpu', () => {
  it('a conv net learns, and tensors and GPU bytes stay flat across epochs', async () => {
    const { messages, memory, losses } = await train(tinyDesign(), {
      epochs: 4,
      batchSize: 16,
      lr: 0.05,
      optimizer: 'momentum',
      seed: 3,
    })
    const started = messages.find((m) => m.type === 'started')
    expect(started?.type === 'started' && started.backend.name).toBe('webgpu')
    expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 4)))
    expect(messages.at(-1)).toMatchObject({ type: 'done', reason: 'completed' })
    // Nothing piles up from one epoch to the next (a checkpoint's optimizer read once leaked one).
    expect(memory).toHaveLength(4)
    for (const m of memory)
      expect([m.tensors, m.bytes]).toEqual([memory[0]!.tensors, memory[0]!.bytes])
    // The device's buffer pool fills during the first epoch, then reuses what it has.
    expect(memory[1]!.gpu).toBeGreaterThan(0)
    for (const m of memory.slice(2)) expect(m.gpu).toBe(memory[1]!.gpu)
  }, 300_000)

  it.each([
    ['ResNet-20 (CIFAR), adapted to 8×8', () => adapted('cifar-resnet20')],
    ['an inception net', inceptionNet],
  ])(
    'a few steps of %s reduce the loss',
    async (_name, design) => {
      const { losses } = await train(design(), {
        epochs: 2,
        batchSize: 16,
        lr: 0.05,
        optimizer: 'momentum',
        seed: 4,
      })
      expect(losses).toHaveLength(8)
      expect(mean(losses.slice(-3))).toBeLessThan(mean(losses.slice(0, 3)))
    },
    300_000,
  )

  it('refuses, before building anything, a batch whose largest output passes one GPU buffer', async () => {
    await initBackend('webgpu')
    const limit = webgpuBufferLimit()
    expect(limit).toBeGreaterThan(0)
    // tinyDesign's conv gives 8×8×4096 values an image (256 kB); enough images to pass the limit.
    const wide = tinyDesign(4, 4096)
    const batchSize = Math.ceil((limit! * 1.1) / (8 * 8 * 4096 * 4))
    // `train` throws with the run's error message.
    await expect(train(wide, { epochs: 1, batchSize })).rejects.toThrow(
      new RegExp(
        `"kind":"backend","message":"At batch ${batchSize}, conv's output needs .*; this GPU holds at most .* in one buffer\\. Lower the batch size\\."`,
      ),
    )
  }, 120_000)
})
