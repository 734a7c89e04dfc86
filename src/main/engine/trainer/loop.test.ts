import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import { describe, expect, it } from 'vitest'
import { compile } from '../compile'
import type { TrainerMessage } from '../messages'
import { parseSettings, type Hyperparameters } from '../../../shared/training/settings'
import { Batcher } from './data'
import { evaluateTest } from './evaluate'
import { trainLoop, type LoopInput } from './loop'
import { createOptimizer } from './optimizer'
import { plainNet, quadrantData, tinyNet } from './testData'

async function run(input: Hyperparameters, extra: Partial<LoopInput> = {}, net = tinyNet()) {
  await tf.setBackend('cpu')
  const settings = parseSettings(input)
  const data = quadrantData({ train: 256, val: 64, test: 64 })
  const compiled = compile(net, { seed: settings.seed })
  const train = new Batcher(data.train, data.shape, settings.batchSize, data)
  const val = new Batcher(data.val, data.shape, 64, data)
  const optimizer = createOptimizer(settings)
  const messages: TrainerMessage[] = []
  const tensorsAfterEpoch: number[] = []
  const outcome = await trainLoop({
    compiled,
    train,
    val,
    settings,
    optimizer,
    send: (m) => messages.push(m),
    shouldStop: () => false,
    afterEpoch: async () => void tensorsAfterEpoch.push(tf.memory().numTensors),
    ...extra,
  })
  const test = await evaluateTest(compiled.logits, new Batcher(data.test, data.shape, 64, data), 4)
  compiled.model.dispose()
  optimizer.dispose()
  train.dispose()
  val.dispose()
  return { outcome, messages, tensorsAfterEpoch, test }
}

describe('trainLoop', () => {
  it('learns, reports every batch and epoch, and holds tensor memory flat', async () => {
    const { outcome, messages, tensorsAfterEpoch, test } = await run({
      epochs: 4,
      batchSize: 32,
      lr: 0.05,
      optimizer: 'sgd',
      cropPadding: 1,
    })
    expect(outcome).toEqual({ kind: 'finished', reason: 'completed', epochs: 4, step: 32 })
    const batches = messages.filter((m) => m.type === 'batch')
    const epochs = messages.filter((m) => m.type === 'epoch')
    expect(batches).toHaveLength(32)
    expect(epochs).toHaveLength(4)
    // The pace leaves the warm-up step out: none for the first batch, then every batch has one.
    const pace = batches.map((m) => (m.type === 'batch' ? m.imagesPerSec : NaN))
    expect(pace[0]).toBe(0)
    expect(pace.slice(1).every((v) => v > 0 && Number.isFinite(v))).toBe(true)
    for (const e of epochs) expect(e.type === 'epoch' && e.imagesPerSec > 0).toBe(true)
    expect(epochs[3]!.trainLoss).toBeLessThan(epochs[0]!.trainLoss)
    expect(epochs[3]!.valAccuracy).toBeGreaterThan(0.8)
    expect(test.top1).toBeGreaterThan(0.8)
    expect(test.top5).toBe(1)
    expect(test.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(64)
    // tensors alive after epoch 2, 3 and 4 are the same: nothing leaks per batch or per epoch
    expect(new Set(tensorsAfterEpoch.slice(1)).size).toBe(1)
  })

  it.each(['adam', 'rmsprop', 'momentum'] as const)(
    'trains with %s and a cosine warm-up schedule',
    async (optimizer) => {
      const { messages } = await run({
        epochs: 2,
        batchSize: 64,
        lr: 0.01,
        optimizer,
        schedule: 'cosine',
        warmupEpochs: 0.5,
        weightDecay: 1e-4,
      })
      const lrs = messages.flatMap((m) => (m.type === 'batch' ? [m.lr] : []))
      expect(lrs[0]).toBeCloseTo(0.005)
      expect(lrs[1]).toBeCloseTo(0.01)
      expect(lrs[7]!).toBeLessThan(0.002)
      const epochs = messages.filter((m) => m.type === 'epoch')
      expect(epochs[1]!.trainLoss).toBeLessThan(epochs[0]!.trainLoss)
    },
  )

  it('ends as diverged at the step the loss stops being finite', async () => {
    const { outcome, messages } = await run(
      { epochs: 3, batchSize: 16, lr: 10, optimizer: 'sgd', divergeFactor: 0 },
      {},
      plainNet(),
    )
    expect(outcome.kind).toBe('diverged')
    if (outcome.kind !== 'diverged') return
    const last = messages.filter((m) => m.type === 'batch').at(-1)
    expect(last === undefined ? 0 : last.step).toBe(outcome.step - 1)
    expect(Number.isFinite(outcome.loss)).toBe(false)
  })

  it('ends as diverged when a finite loss stays orders above where it started', async () => {
    // Heavy momentum at lr 10: 2.8, 1e3, 4e5, 8e7, 3e10, 5e12, 2e15 … and only later infinite.
    const { outcome, messages } = await run(
      { epochs: 3, batchSize: 16, lr: 10, optimizer: 'momentum', momentum: 0.99 },
      {},
      plainNet(),
    )
    expect(outcome.kind).toBe('diverged')
    if (outcome.kind !== 'diverged') return
    expect(Number.isFinite(outcome.loss)).toBe(true)
    expect(outcome.why).toMatch(
      /^the loss rose to \S+, over 1000× its early \S+, for 5 batches in a row$/,
    )
    const losses = messages.flatMap((m) => (m.type === 'batch' ? [m.loss] : []))
    expect(losses.slice(-4).every((l) => l > 1000 * losses[0]!)).toBe(true)
    // The same run with the watch off goes on until the loss is no longer finite.
    const off = await run(
      { epochs: 3, batchSize: 16, lr: 10, optimizer: 'momentum', momentum: 0.99, divergeFactor: 0 },
      {},
      plainNet(),
    )
    expect(off.outcome.kind === 'diverged' && Number.isFinite(off.outcome.loss)).toBe(false)
  })

  it('stops after the batch in flight when asked', async () => {
    let batches = 0
    const { outcome, messages } = await run(
      { epochs: 3, batchSize: 32 },
      { shouldStop: () => batches >= 3, send: (m) => void (m.type === 'batch' && batches++) },
    )
    expect(outcome).toEqual({ kind: 'finished', reason: 'stopped', epochs: 1, step: 3 })
    expect(messages).toEqual([])
  })

  it('stops early when validation loss stops improving', async () => {
    // A rate this high makes validation loss bounce instead of falling steadily; its training
    // loss can spike past 1000× its start, so only a NaN or ∞ counts as diverging here.
    const { outcome } = await run({
      epochs: 30,
      batchSize: 64,
      lr: 1,
      optimizer: 'sgd',
      momentum: 0,
      patience: 2,
      divergeFactor: 0,
    })
    expect(outcome).toMatchObject({ kind: 'finished', reason: 'early-stopped' })
    expect(outcome.kind === 'finished' && outcome.epochs).toBeLessThan(30)
  })
})
