import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getTemplate } from '../../../../shared/templates'
import { chain } from '../../../../shared/templates/layout'
import { ensureBuiltinDatasets } from '../../../datasets'
import { databaseFile } from '../../../home'
import { openStore, type Store } from '../../../store'
import { type ParentMessage, type TrainerMessage, parseTrainerMessage } from '../../messages'
import { parseSettings } from '../../../../shared/training/settings'
import { forkTrainer, type TrainerChannel } from '../../spawn'

// A real trainer process (it calls initBackend itself) training LeNet-5 on real MNIST images.
let home: string
let store: Store
const channels: TrainerChannel[] = []

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'blockwise-native-trainer-'))
  store = openStore(databaseFile(home))
  await ensureBuiltinDatasets(store, home)
}, 120_000)

afterAll(() => {
  for (const c of channels) c.kill()
  store.close()
  rmSync(home, { recursive: true, force: true })
})

/** Starts a trainer with `env` added to this process's, sends `message`, collects until exit. */
async function converse(
  message: ParentMessage,
  env: NodeJS.ProcessEnv = {},
): Promise<TrainerMessage[]> {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  let channel: TrainerChannel
  try {
    channel = forkTrainer()
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
  }
  channels.push(channel)
  const messages: TrainerMessage[] = []
  const exited = new Promise<string>((resolve) =>
    channel.onExit(({ code, detail }) => resolve(`exit ${code}: ${detail}`)),
  )
  channel.onMessage((raw) => {
    const parsed = parseTrainerMessage(raw)
    if (parsed.ok) messages.push(parsed.message)
  })
  channel.send(message)
  const exit = await exited
  if (!messages.some((m) => m.type === 'done' || m.type === 'probed')) throw new Error(exit)
  return messages
}

const lenet = () => getTemplate('lenet5')!.build()

/** Conv → batch norm → relu twice: its batch norm, relu and their gradients run on the native
 *  elementwise kernels (32×28×28×16 activations, over their threshold). */
const bnNet = () =>
  chain('bn-net', [
    { id: 'input', kind: 'input', params: { height: 28, width: 28, channels: 1 } },
    {
      id: 'conv1',
      kind: 'conv2d',
      params: { filters: 16, kernel: 3, padding: 'same', useBias: false },
    },
    { id: 'bn1', kind: 'batchNorm' },
    { id: 'relu1', kind: 'activation', params: { fn: 'relu' } },
    { id: 'pool1', kind: 'maxPool2d', params: { pool: 2, stride: 2 } },
    {
      id: 'conv2',
      kind: 'conv2d',
      params: { filters: 16, kernel: 3, padding: 'same', useBias: false },
    },
    { id: 'bn2', kind: 'batchNorm' },
    { id: 'relu2', kind: 'activation', params: { fn: 'relu' } },
    { id: 'flatten', kind: 'flatten' },
    { id: 'output', kind: 'output', params: { classes: 10 } },
  ])

/** One epoch on 1,024 MNIST images in a trainer process on wasm; every message it sent. */
function trainOneEpoch(runId: number, design: ReturnType<typeof lenet>): Promise<TrainerMessage[]> {
  return converse({
    type: 'start',
    job: {
      runId,
      design,
      settings: parseSettings({
        epochs: 1,
        batchSize: 32,
        lr: 0.002,
        optimizer: 'adam',
        limit: 1024,
        valFraction: 0.05,
      }),
      home,
      datasetId: 'mnist',
      runDir: join(home, 'runs', String(runId)),
      backend: 'wasm',
    },
  })
}

/** The batch losses, checked finite and falling: the last five average below `ratio` × the first five. */
function expectLossFell(messages: TrainerMessage[], ratio: number): void {
  const losses = messages.flatMap((m) => (m.type === 'batch' ? [m.loss] : []))
  expect(losses.length).toBeGreaterThan(20)
  expect(losses.every(Number.isFinite)).toBe(true)
  const head = losses.slice(0, 5).reduce((a, b) => a + b, 0) / 5
  const tail = losses.slice(-5).reduce((a, b) => a + b, 0) / 5
  expect(tail, `batch losses ${losses.map((l) => l.toFixed(3)).join(' ')}`).toBeLessThan(
    head * ratio,
  )
}

describe('the trainer process with the native kernels', () => {
  it('trains LeNet-5 on MNIST through them, and its backend detail says so', async () => {
    const messages = await trainOneEpoch(1, lenet())
    const started = messages.find((m) => m.type === 'started')
    expect(started?.type === 'started' && started.backend.detail).toMatch(
      /native kernels \((avx512|avx2|portable), \d+ threads?: Conv2D, FusedConv2D, Conv2DBackpropFilter, Conv2DBackpropInput, Add, .*, ZerosLike, Tanh, BlockwiseTanhGrad, AvgPool, AvgPoolGrad, BatchMatMul, _FusedMatMul, BlockwiseBatchNormStats, BlockwiseBatchNormGrad\)/,
    )
    expectLossFell(messages, 0.7)
    const done = messages.find((m) => m.type === 'done')
    expect(done?.type === 'done' && done.test?.top1).toBeGreaterThan(0.6)
  }, 240_000)

  it('trains a batch-norm + relu net on MNIST through the elementwise kernels', async () => {
    const messages = await trainOneEpoch(2, bnNet())
    const started = messages.find((m) => m.type === 'started')
    expect(started?.type === 'started' && started.backend.detail).toMatch(
      /native kernels \(.*FusedBatchNorm, ZerosLike, Tanh, BlockwiseTanhGrad, AvgPool, AvgPoolGrad, BatchMatMul, _FusedMatMul, BlockwiseBatchNormStats, BlockwiseBatchNormGrad\)/,
    )
    expectLossFell(messages, 0.6)
    const done = messages.find((m) => m.type === 'done')
    expect(done?.type === 'done' && done.test?.top1).toBeGreaterThan(0.7)
  }, 240_000)

  it('runs without them when BLOCKWISE_NATIVE_KERNELS=0, and says why', async () => {
    const messages = await converse(
      {
        type: 'probe',
        job: {
          design: lenet(),
          settings: parseSettings({ batchSize: 16, limit: 64 }),
          home,
          datasetId: 'mnist',
          backend: 'wasm',
          steps: 1,
        },
      },
      { BLOCKWISE_NATIVE_KERNELS: '0' },
    )
    const probed = messages.find((m) => m.type === 'probed')
    expect(probed?.type === 'probed' && probed.backend.detail).toMatch(
      /no native kernels: turned off \(BLOCKWISE_NATIVE_KERNELS=0\)/,
    )
  }, 120_000)
})
