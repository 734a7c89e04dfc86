import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import * as tfl from '@tensorflow/tfjs-layers'
import { afterAll, describe, expect, it } from 'vitest'
import type { TrainerMessage, TrainJob } from '../messages'
import { parseSettings, type Hyperparameters } from '../../../shared/training/settings'
import { folderReader } from './checkpoint'
import { runJob } from './job'
import { quadrantData, tinyDesign } from './testData'

const root = mkdtempSync(join(tmpdir(), 'blockwise-job-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const data = quadrantData({ train: 192, val: 64, test: 64 })

async function job(
  settings: Hyperparameters,
  extra: Partial<TrainJob> = {},
): Promise<TrainerMessage[]> {
  const messages: TrainerMessage[] = []
  const full: TrainJob = {
    runId: 1,
    design: tinyDesign(),
    settings: parseSettings(settings),
    home: root,
    datasetId: 'quadrants',
    runDir: join(root, 'run'),
    backend: 'cpu',
    ...extra,
  }
  await runJob(full, {
    send: (m) => messages.push(m),
    shouldStop: () => false,
    loadData: async () => data,
  })
  return messages
}

describe('runJob', () => {
  const recipe = { epochs: 3, batchSize: 32, lr: 0.05, optimizer: 'momentum', seed: 5 } as const
  let lastCheckpoint = ''

  it('trains, reports test metrics and keeps only the best and the latest checkpoint', async () => {
    const messages = await job(recipe)
    const done = messages.at(-1)
    expect(done).toMatchObject({ type: 'done', reason: 'completed', epochs: 3, step: 18 })
    if (done?.type !== 'done') return
    expect(done.test?.count).toBe(64)
    expect(done.test?.perClassAccuracy).toHaveLength(4)
    const checkpoints = messages.flatMap((m) => (m.type === 'checkpoint' ? [m] : []))
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2, 3])
    lastCheckpoint = checkpoints[2]!.path
    const left = readdirSync(join(root, 'run', 'checkpoints'))
    const removed = checkpoints.flatMap((c) => c.removed)
    expect(left.length).toBeLessThanOrEqual(2)
    expect(left).toContain('epoch-0003')
    for (const r of removed) expect(existsSync(r)).toBe(false)
    expect(readdirSync(lastCheckpoint).sort()).toEqual([
      'meta.json',
      'model.json',
      'optimizer.bin',
      'weights.bin',
    ])
    // the checkpoint is a tfjs model that loads on its own and agrees with the reported accuracy
    const model = await tfl.loadLayersModel(folderReader(lastCheckpoint))
    expect(model.outputs[0]?.shape).toEqual([null, 4])
    model.dispose()
  })

  it('holds no more tensors after the fifth epoch than after the first', async () => {
    const counts: number[] = []
    await runJob(
      {
        runId: 1,
        design: tinyDesign(),
        settings: parseSettings({ ...recipe, epochs: 5 }),
        home: root,
        datasetId: 'quadrants',
        runDir: join(root, 'flat'),
        backend: 'cpu',
      },
      {
        send: (m) => {
          if (m.type === 'epoch') counts.push(tf.memory().numTensors)
        },
        shouldStop: () => false,
        loadData: async () => data,
      },
    )
    expect(counts).toHaveLength(5)
    expect(new Set(counts).size).toBe(1)
  })

  it('resumes from a checkpoint at the next epoch and step', async () => {
    const messages = await job(
      { ...recipe, epochs: 5 },
      { resumeFrom: lastCheckpoint, runDir: join(root, 'resumed') },
    )
    expect(messages[0]).toMatchObject({ type: 'started', firstEpoch: 4 })
    const firstBatch = messages.find((m) => m.type === 'batch')
    expect(firstBatch).toMatchObject({ epoch: 4, step: 19 })
    // the restored weights are trained ones: the first resumed batch is far below chance (ln 4)
    expect(firstBatch?.type === 'batch' && firstBatch.loss).toBeLessThan(1)
    expect(messages.at(-1)).toMatchObject({ type: 'done', reason: 'completed', epochs: 5 })
  })

  it('refuses to resume with another recipe, and says why', async () => {
    const messages = await job(
      { ...recipe, lr: 0.1 },
      { resumeFrom: lastCheckpoint, runDir: join(root, 'refused') },
    )
    expect(messages).toEqual([
      {
        type: 'error',
        kind: 'resume-refused',
        message: expect.stringMatching(
          /cannot resume: the checkpoint was trained with another design, dataset or settings/,
        ),
      },
    ])
  })

  it('reports a missing checkpoint and a dataset that does not fit as errors of their kind', async () => {
    expect(await job(recipe, { resumeFrom: join(root, 'nowhere') })).toEqual([
      { type: 'error', kind: 'resume-refused', message: expect.stringMatching(/no checkpoint at/) },
    ])
    expect(
      await job(recipe, {
        design: {
          ...tinyDesign(),
          nodes: tinyDesign().nodes.map((n) =>
            n.kind === 'input' ? { ...n, params: { height: 9, width: 9, channels: 1 } } : n,
          ),
        },
      }),
    ).toEqual([
      {
        type: 'error',
        kind: 'dataset',
        message: "The design takes 9×9×1 images; this dataset's are 8×8×1.",
      },
    ])
    expect(tf.memory().numTensors).toBeLessThan(50)
  })

  it('refuses, before building anything, a batch the backend it landed on cannot hold', async () => {
    const wide = tinyDesign(4, 4096)
    const before = tf.memory().numTensors
    const messages = await job({ ...recipe, batchSize: 65_536 }, { design: wide })
    expect(messages).toEqual([
      {
        type: 'error',
        kind: 'backend',
        message: expect.stringMatching(/^At batch 65536, .* one tensor holds at most/),
      },
    ])
    expect(tf.memory().numTensors).toBe(before)
  })
})
