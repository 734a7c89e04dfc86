import { type Command, InvalidArgumentError, Option } from 'commander'
import { backendLabel, backendSuffix } from '../../../shared/runs/backendLabel'
import {
  backendPinSchema,
  EnqueueError,
  METRICS,
  Supervisor,
  type BackendPin,
  type RunProgressEvent,
  type Hyperparameters,
} from '../../engine'
import { OPTIMIZERS } from '../../../shared/training/settings'
import type { Run, Store } from '../../store'
import { loadDesign } from '../designSource'
import { CliError, formatDuration, formatInt, guarded, printJson, printTable } from '../format'
import { asCliError, openDataHome } from './datasets'

interface TrainOptions {
  dataset: string
  epochs?: number
  batchSize?: number
  lr?: number
  optimizer?: Hyperparameters['optimizer']
  limit?: number
  seed?: number
  backend: BackendPin
  json?: boolean
}

/** What `train --json` prints last. */
export interface TrainResult {
  runId: number
  status: string
  backend: string | null
  /** The native kernels in front of the backend ("avx512, 2 threads"), null when none ran. */
  backendNative: string | null
  /** The GPU it trained on (a WebGPU adapter), null on the CPU backends. */
  backendDevice: string | null
  epochs: number
  trainLoss: number | null
  trainAcc: number | null
  valAcc: number | null
  testAcc: number | null
  imagesPerSec: number | null
  durationMs: number | null
  error: string | null
}

const positiveInt = (name: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidArgumentError(`${name} must be a whole number above 0`)
  return n
}
const seedArg = (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1)
    throw new InvalidArgumentError('--seed must be a whole number from 0 to 2147483647')
  return n
}
const positive = (name: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`${name} must be a number above 0`)
  return n
}

/** One line of progress: "epoch 2/10 ███████░░░ 70%  batch 330/469  loss 0.213  acc 93.8%  2,140 img/s  ETA 1 min 05 s". */
export function progressLine(e: RunProgressEvent, width = 24): string {
  const done = Math.min(1, e.batch / e.batches)
  const filled = Math.round(done * width)
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
  const acc = `${(e.acc * 100).toFixed(1)}%`
  return `epoch ${e.epoch}/${e.epochs} ${bar} ${String(Math.round(done * 100)).padStart(3)}%  batch ${e.batch}/${e.batches}  loss ${e.loss.toFixed(3)}  acc ${acc}  ${formatInt(e.imagesPerSec)} img/s  ETA ${formatDuration(e.etaMs)}`
}

/** The final figures of a run, from the store. */
export function trainResult(store: Store, run: Run): TrainResult {
  const series = (name: string) => store.metrics.series(run.id, name, 100_000).points
  const last = (name: string) => series(name).at(-1)?.value ?? null
  const rates = series(METRICS.imagesPerSec).map((p) => p.value)
  const final = run.finalMetrics
  return {
    runId: run.id,
    status: run.status,
    backend: run.backend,
    backendNative: run.backendNative,
    backendDevice: run.backendDevice,
    epochs: series(METRICS.trainLoss).length,
    trainLoss: final?.train?.loss ?? last(METRICS.trainLoss),
    trainAcc: final?.train?.accuracy ?? last(METRICS.trainAccuracy),
    valAcc: final?.val?.accuracy ?? last(METRICS.valAccuracy),
    testAcc: final?.test?.accuracy ?? null,
    imagesPerSec: rates.length > 0 ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
    durationMs: run.startedAt !== null && run.endedAt !== null ? run.endedAt - run.startedAt : null,
    error: run.error,
  }
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)}%`)

/** `blockwise train <design.json | template id> --dataset <id|name> [...]`. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'Train a design or template on a dataset, store the run and print its final metrics',
    )
    .argument('<design>', 'a design file or a template id')
    .requiredOption('--dataset <id>', 'dataset id or name (see `blockwise datasets`)')
    .option('--epochs <n>', 'passes over the training set', positiveInt('--epochs'))
    .option('--batch-size <n>', 'examples per step', positiveInt('--batch-size'))
    .option('--lr <rate>', 'learning rate', positive('--lr'))
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZERS))
    .option('--limit <n>', 'train on the first N training images only', positiveInt('--limit'))
    .option('--seed <n>', 'seed for initial weights, shuffling and augmentation', seedArg)
    .addOption(
      new Option('--backend <name>', 'tfjs backend')
        .choices(backendPinSchema.options)
        .default('auto'),
    )
    .option('--json', 'end with one JSON line of the final metrics')
    .action(guarded(async (ref: string, options: TrainOptions) => train(ref, options)))
}

async function train(ref: string, options: TrainOptions): Promise<void> {
  const { design, template } = loadDesign(ref)
  const { store, home } = await openDataHome()
  const sup = new Supervisor({ store, home, ownsQueue: false, progressIntervalMs: 200 })
  const tty = process.stderr.isTTY === true
  let lastLine = 0
  const unsubscribe = sup.subscribe((e) => {
    if (e.type === 'progress' && tty) {
      const line = progressLine(e)
      process.stderr.write(`\r${line.padEnd(lastLine)}`)
      lastLine = line.length
    }
    if (e.type === 'epoch') {
      const val =
        e.valAcc === null ? '' : `  val loss ${e.valLoss?.toFixed(4)}  val acc ${pct(e.valAcc)}`
      process.stderr.write(
        `${tty ? '\r'.padEnd(lastLine + 1) + '\r' : ''}epoch ${e.epoch}/${e.epochs}  loss ${e.trainLoss.toFixed(4)}  acc ${pct(e.trainAcc)}${val}  ${formatInt(e.imagesPerSec)} img/s  ${formatDuration(e.durationMs)}\n`,
      )
    }
    if (e.type === 'status' && e.status === 'running')
      process.stderr.write(
        `training on ${e.backend ?? 'an unknown backend'}${backendSuffix(e.backendNative, e.backendDevice)}…\n`,
      )
  })
  try {
    const hyperparameters: Hyperparameters = {
      ...template?.trainDefaults,
      ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.lr === undefined ? {} : { lr: options.lr }),
      ...(options.optimizer === undefined ? {} : { optimizer: options.optimizer }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    }
    let run: Run
    try {
      run = sup.enqueue({
        design,
        datasetId: options.dataset,
        hyperparameters,
        backend: options.backend,
      })
    } catch (e) {
      throw e instanceof EnqueueError ? new CliError(e.code, e.message) : asCliError(e)
    }
    let interrupts = 0
    const onSigint = () => {
      interrupts += 1
      process.stderr.write(
        interrupts === 1
          ? '\nstopping after this batch (Ctrl-C again to kill)…\n'
          : '\nkilling the trainer…\n',
      )
      void sup.stop(run.id)
      if (interrupts > 1) void sup.close()
    }
    process.on('SIGINT', onSigint)
    const ended = await sup.waitFor(run.id)
    process.off('SIGINT', onSigint)
    const result = trainResult(store, ended)
    if (options.json) printJson(result)
    else printSummary(result)
    if (ended.status !== 'completed') process.exitCode = ended.status === 'stopped' ? 130 : 1
  } finally {
    unsubscribe()
    await sup.close()
    store.close()
  }
}

function printSummary(r: TrainResult): void {
  console.log(`run ${r.runId}: ${r.status}${r.error ? ` — ${r.error}` : ''}`)
  printTable(
    [
      { header: 'metric', value: (row: [string, string]) => row[0] },
      { header: 'value', align: 'right', value: (row) => row[1] },
    ],
    [
      ['backend', backendLabel(r.backend, r.backendNative, r.backendDevice) ?? '–'],
      ['epochs', String(r.epochs)],
      ['train loss', r.trainLoss === null ? '–' : r.trainLoss.toFixed(4)],
      ['train accuracy', pct(r.trainAcc)],
      ['val accuracy', pct(r.valAcc)],
      ['test accuracy', pct(r.testAcc)],
      ['images/s', r.imagesPerSec === null ? '–' : formatInt(r.imagesPerSec)],
      ['duration', r.durationMs === null ? '–' : formatDuration(r.durationMs)],
    ],
  )
}
