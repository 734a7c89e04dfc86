import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { ParsedRequestOf, ResponseOf, RunDetail, RunSummary } from '../../shared/api'
import type { Run, RunSummary as StoredRunSummary, Store } from '../store'
import { fail } from './errors'
import type { Handlers } from './types'

type RunHandlers = Pick<
  Handlers,
  | 'runs:start'
  | 'runs:stop'
  | 'runs:list'
  | 'runs:get'
  | 'runs:metrics'
  | 'runs:delete'
  | 'runs:update'
  | 'runs:queue'
  | 'runs:reorder'
  | 'runs:cancel'
>

/** What the handlers need from the engine's supervisor. */
export interface RunEngine {
  start(request: ParsedRequestOf<'runs:start'>): Promise<ResponseOf<'runs:start'>>
  /** Stops a running run (graceful, then kill) or cancels a queued one. */
  stop(runId: number): Promise<ResponseOf<'runs:stop'>>
  /** Puts the queued runs in this order; ids not queued are ignored. */
  reorder(runIds: number[]): void
  /** The run a trainer is working on; it may still read `queued` while its process starts. */
  activeRunId(): number | null
}

// JSON turns NaN/±Infinity into null; do it here so both transports carry the same value.
const finiteOrNull = (n: number | null): number | null =>
  n === null || Number.isFinite(n) ? n : null
const cleanSplit = (
  m: Record<string, number> | undefined,
): Record<string, number | null> | undefined =>
  m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, finiteOrNull(v)]))

export const toRunSummary = (r: StoredRunSummary): RunSummary => ({
  id: r.id,
  name: r.name,
  designName: r.designName,
  hyperparameters: r.hyperparameters,
  datasetId: r.datasetId,
  datasetName: r.datasetName,
  backend: r.backend,
  backendVersion: r.backendVersion,
  backendNative: r.backendNative,
  backendDetail: r.backendDetail,
  backendDevice: r.backendDevice,
  status: r.status,
  error: r.error,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  params: r.params,
  macs: r.macs,
  bestValAccuracy: finiteOrNull(r.bestValAccuracy),
  finalMetrics: r.finalMetrics && {
    ...r.finalMetrics,
    train: cleanSplit(r.finalMetrics.train),
    val: cleanSplit(r.finalMetrics.val),
    test: cleanSplit(r.finalMetrics.test),
  },
  tags: r.tags,
  notes: r.notes,
  queuePosition: r.queuePosition,
})

function toRunDetail(r: Run, store: Store): RunDetail {
  const c = store.checkpoints.best(r.id)
  return {
    ...toRunSummary(r),
    graph: r.graph,
    checkpoint: c ? { epoch: c.epoch, valAccuracy: finiteOrNull(c.valAccuracy) } : null,
  }
}

/** Runs: history from the store, start/stop/queue through the engine's supervisor. */
export function runHandlers(deps: { store: Store; home: string; engine: RunEngine }): RunHandlers {
  const { store, engine } = deps
  const mustGet = (runId: number): Run =>
    store.runs.get(runId) ?? fail('RUN_NOT_FOUND', `No run with id ${runId}.`)
  const queue = (): RunSummary[] => {
    const active = engine.activeRunId()
    return store.runs
      .queued()
      .filter((r) => r.id !== active)
      .map(toRunSummary)
  }

  return {
    'runs:start': (request) => engine.start(request),
    'runs:stop': ({ runId }) => {
      mustGet(runId)
      return engine.stop(runId)
    },
    'runs:cancel': ({ runId }) => {
      const run = mustGet(runId)
      if (run.status !== 'queued')
        fail('RUN_STATE', `Run ${runId} is ${run.status}; only a queued run can be cancelled.`)
      return engine.stop(runId)
    },
    'runs:list': (query) => {
      const page = store.runs.list(query ?? {})
      return { runs: page.runs.map(toRunSummary), total: page.total }
    },
    'runs:get': ({ runId }) => toRunDetail(mustGet(runId), store),
    'runs:metrics': ({ runId, names, maxPoints }) => {
      mustGet(runId)
      const wanted = names ?? store.metrics.names(runId)
      return {
        series: wanted.map((name) => {
          const s = store.metrics.series(runId, name, maxPoints)
          return { ...s, points: s.points.map((p) => ({ ...p, value: finiteOrNull(p.value) })) }
        }),
      }
    },
    'runs:delete': async ({ runId }) => {
      const run = mustGet(runId)
      if (run.status === 'running' || run.status === 'queued' || engine.activeRunId() === runId) {
        fail('RUN_STATE', `Run ${runId} is ${run.status}; stop it before deleting it.`)
      }
      store.runs.delete(runId)
      // The id is an integer from the schema, so this path stays inside the data directory.
      await rm(join(deps.home, 'runs', String(runId)), { recursive: true, force: true })
      return { runId }
    },
    'runs:update': ({ runId, name, tags, notes }) => {
      mustGet(runId)
      const patch = {
        ...(name === undefined ? {} : { name }),
        ...(tags === undefined ? {} : { tags: [...new Set(tags)] }),
        ...(notes === undefined ? {} : { notes }),
      }
      return toRunSummary(store.runs.update(runId, patch))
    },
    'runs:queue': () => queue(),
    'runs:reorder': ({ runIds }) => {
      engine.reorder(runIds)
      return queue()
    },
  }
}
