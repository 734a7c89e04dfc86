import { join } from 'node:path'
import { analyze, memoryForecast, memoryProblem } from '../../shared/graph'
import type { Design } from '../../shared/graph/types'
import { fitProblems, whyInvalid } from '../../shared/runs/fit'
import type { Run, RunStatus, RunSummary, Store } from '../store'
import type { BackendPin } from './backend'
import { EventHub, type SupervisorListener } from './events'
import { TrainJobSchema } from './messages'
import { RunSession } from './session'
import {
  parseSettings,
  storedSettings,
  type Hyperparameters,
  type TrainSettings,
} from '../../shared/training/settings'
import { forkTrainer, type SpawnTrainer } from './spawn'

export interface SupervisorOptions {
  store: Store
  /** The data directory: datasets are read from it, checkpoints written to `runs/<id>/`. */
  home: string
  /** How trainers are started (Electron passes utilityProcess here). */
  spawnTrainer?: SpawnTrainer
  /** A stopped trainer that has not ended after this long is killed. */
  stopTimeoutMs?: number
  progressIntervalMs?: number
  flushIntervalMs?: number
  /**
   * The app's supervisor owns the store's whole queue and marks runs left `running` as crashed
   * when it starts (default). A CLI `train` beside a running app sets false: it trains only the
   * runs it enqueued itself and leaves the others alone.
   */
  ownsQueue?: boolean
}

export interface EnqueueRequest {
  design: Design
  datasetId: string
  /** The recipe (TrainSettings); unknown keys are ignored. */
  hyperparameters?: Hyperparameters & Record<string, unknown>
  name?: string
  backend?: BackendPin
  /** A checkpoint folder of an earlier run to continue from. */
  resumeFrom?: string
}

/** Recoverable mistakes in a request, with a message for people. */
export class EnqueueError extends Error {
  constructor(
    readonly code: 'invalid-design' | 'invalid-settings' | 'unknown-dataset' | 'dataset-mismatch',
    message: string,
  ) {
    super(message)
  }
}

/**
 * What `enqueue` refuses before recording anything: an invalid design, an unknown dataset, a
 * design that does not fit the dataset, bad settings. Also used by the speed probe.
 */
export function checkRequest(
  store: Pick<Store, 'datasets'>,
  request: Pick<EnqueueRequest, 'design' | 'datasetId' | 'hyperparameters' | 'backend'>,
) {
  const analysis = analyze(request.design)
  const invalid = whyInvalid(analysis)
  if (invalid !== null) throw new EnqueueError('invalid-design', invalid)
  const dataset = store.datasets.resolve(request.datasetId)
  if (!dataset) throw new EnqueueError('unknown-dataset', `No dataset '${request.datasetId}'.`)
  const misfit = fitProblems(analysis, dataset)[0]
  if (misfit) throw new EnqueueError('dataset-mismatch', misfit.message)
  let settings: TrainSettings
  try {
    settings = parseSettings(request.hyperparameters ?? {})
  } catch (e) {
    throw new EnqueueError('invalid-settings', e instanceof Error ? e.message : String(e))
  }
  // A pinned backend's limits are known here; 'auto' may land on any, which says so if it fails.
  const tooBig = memoryProblem(memoryForecast(analysis, settings), request.backend ?? null)
  if (tooBig !== null) throw new EnqueueError('invalid-design', tooBig)
  return { analysis, dataset, settings }
}

/**
 * Owns training: a queue of runs trained one at a time, each in its own trainer process. It is
 * the only writer of a run's status and metrics, and forwards progress to subscribers.
 */
export class Supervisor {
  private readonly hub = new EventHub()
  private readonly spawn: SpawnTrainer
  private session: RunSession | null = null
  private readonly waiters = new Map<number, ((run: Run) => void)[]>()
  private closed = false
  /** Runs this instance enqueued (all it may start when it does not own the queue). */
  private readonly mine = new Set<number>()

  constructor(private readonly options: SupervisorOptions) {
    this.spawn = options.spawnTrainer ?? forkTrainer
    // No trainer is alive before us: a run still `running` lost its process.
    if (options.ownsQueue !== false) options.store.runs.markCrashedOnStartup()
  }

  subscribe(listener: SupervisorListener): () => void {
    return this.hub.subscribe(listener)
  }

  /** The run being trained now, if any. */
  get activeRunId(): number | null {
    return this.session?.runId ?? null
  }

  /** Runs waiting their turn, in order (the one starting now is not waiting). */
  queue(): RunSummary[] {
    const owns = this.options.ownsQueue !== false
    return this.options.store.runs
      .queued()
      .filter((r) => r.id !== this.session?.runId && (owns || this.mine.has(r.id)))
  }

  /** Records a queued run and starts it when nothing else is training. */
  enqueue(request: EnqueueRequest): Run {
    const { store } = this.options
    const { analysis, dataset, settings } = checkRequest(store, request)
    const run = store.runs.create({
      name: request.name ?? `${request.design.name} on ${dataset.name}`,
      designName: request.design.name,
      graph: request.design,
      hyperparameters: {
        ...settings,
        backend: request.backend ?? 'auto',
        ...(request.resumeFrom ? { resumeFrom: request.resumeFrom } : {}),
      },
      datasetId: dataset.id,
      params: analysis.totals.params,
      macs: analysis.totals.macs,
    })
    this.mine.add(run.id)
    this.hub.emit({ type: 'status', runId: run.id, status: 'queued', error: null })
    this.pump()
    return store.runs.get(run.id) ?? run
  }

  /** The API's `runs:start`. */
  async start(request: EnqueueRequest): Promise<{ runId: number; status: RunStatus }> {
    const run = this.enqueue(request)
    return { runId: run.id, status: run.status }
  }

  /** Stops a running run (graceful, then killed) or cancels a queued one; resolves with its end. */
  async stop(runId: number): Promise<{ runId: number; status: RunStatus }> {
    if (this.session?.runId === runId) {
      this.session.stop(this.options.stopTimeoutMs ?? 10_000)
      const run = await this.session.finished
      return { runId, status: run.status }
    }
    return this.cancel(runId)
  }

  /** Takes a queued run off the queue; it ends as `stopped`. */
  cancel(runId: number): { runId: number; status: RunStatus } {
    const { store } = this.options
    const run = store.runs.get(runId)
    if (!run) throw new Error(`No run with id ${runId}.`)
    if (run.status !== 'queued' || this.session?.runId === runId)
      return { runId, status: run.status }
    const done = store.runs.finish(runId, {
      status: 'stopped',
      error: 'Cancelled before it started.',
    })
    this.hub.emit({ type: 'status', runId, status: 'stopped', error: done.error })
    this.notify(done)
    return { runId, status: done.status }
  }

  /** Puts queued runs in this order, ahead of the ones not named. */
  reorder(runIds: number[]): void {
    const { store } = this.options
    const queued = this.queue()
    const named = runIds.filter((id) => queued.some((r) => r.id === id))
    const order = [
      ...new Set(named),
      ...queued.map((r) => r.id).filter((id) => !named.includes(id)),
    ]
    order.forEach((id, i) => store.runs.update(id, { queuePosition: i + 1 }))
  }

  /** Resolves when the run has ended (at once when it already has). */
  waitFor(runId: number): Promise<Run> {
    const run = this.options.store.runs.get(runId)
    if (!run) return Promise.reject(new Error(`No run with id ${runId}.`))
    if (run.status !== 'queued' && run.status !== 'running') return Promise.resolve(run)
    return new Promise((resolve) =>
      this.waiters.set(runId, [...(this.waiters.get(runId) ?? []), resolve]),
    )
  }

  /** Stops the running run and starts no more. */
  async close(): Promise<void> {
    this.closed = true
    const s = this.session
    if (s) {
      s.stop(this.options.stopTimeoutMs ?? 10_000)
      await s.finished
    }
  }

  private notify(run: Run): void {
    for (const w of this.waiters.get(run.id) ?? []) w(run)
    this.waiters.delete(run.id)
  }

  private pump(): void {
    if (this.session !== null || this.closed) return
    const { store, home } = this.options
    const next = this.queue()[0]
    if (!next) return
    const run = store.runs.get(next.id)!
    const dataset = run.datasetId === null ? undefined : store.datasets.get(run.datasetId)
    const hp = run.hyperparameters
    let settings: unknown = hp
    try {
      settings = parseSettings(storedSettings(hp))
    } catch {
      // TrainJobSchema words the bad setting below.
    }
    const job = TrainJobSchema.safeParse({
      runId: run.id,
      design: run.graph,
      settings,
      home,
      datasetId: run.datasetId ?? '',
      runDir: join(home, 'runs', String(run.id)),
      backend: typeof hp.backend === 'string' ? hp.backend : 'auto',
      ...(typeof hp.resumeFrom === 'string' ? { resumeFrom: hp.resumeFrom } : {}),
    })
    if (!job.success || !dataset) {
      const error = !dataset
        ? 'Its dataset no longer exists.'
        : `Cannot start: ${job.error?.issues[0]?.message ?? 'bad settings'}.`
      const ended = store.runs.finish(run.id, { status: 'failed', error })
      this.hub.emit({ type: 'status', runId: run.id, status: 'failed', error })
      this.notify(ended)
      this.pump()
      return
    }
    let channel
    try {
      channel = this.spawn()
    } catch (e) {
      const error = `Cannot start the trainer: ${e instanceof Error ? e.message : String(e)}`
      this.notify(store.runs.finish(run.id, { status: 'failed', error }))
      this.hub.emit({ type: 'status', runId: run.id, status: 'failed', error })
      // Each failure takes a run off the queue, so this ends.
      this.pump()
      return
    }
    const session = new RunSession(store, this.hub, channel, job.data, {
      progressIntervalMs: this.options.progressIntervalMs ?? 250,
      flushIntervalMs: this.options.flushIntervalMs ?? 1000,
      classNames: dataset.classes,
    })
    this.session = session
    void session.finished.then((ended) => {
      this.session = null
      this.notify(ended)
      this.pump()
    })
  }
}

/** Creates the supervisor; runs left `running` by an earlier process become `crashed`. */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  return new Supervisor(options)
}
