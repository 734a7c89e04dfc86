import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { ResponseOf } from '../../shared/api'
import { isBackendPin } from '../../shared/training/backends'
import { TRAIN_DEFAULTS } from '../../shared/training/settings'
import { analyze, type Analysis } from '../../shared/graph'
import { InspectError, type Inspector } from '../inspect/client'
import { spatialLayers } from '../inspect/model'
import type { InspectTarget, InspectTask } from '../inspect/protocol'
import { cacheDirFor } from '../inspect/paths'
import type { Store } from '../store'
import { ApiError, fail } from './errors'
import type { EventBus, Handlers } from './types'

type InspectHandlers = Pick<
  Handlers,
  | 'inspect:summary'
  | 'inspect:evaluation'
  | 'inspect:cell'
  | 'inspect:predict'
  | 'inspect:filters'
  | 'inspect:topPatches'
  | 'inspect:featureMaps'
  | 'inspect:cancel'
>

export interface InspectDeps {
  store: Store
  home: string
  events: EventBus
  inspector: Inspector
}

/** The inspector's failures in the API's catalogue. */
function translate(error: unknown): unknown {
  if (!(error instanceof InspectError)) return error
  return new ApiError(error.kind === 'input' ? 'BAD_REQUEST' : 'INTERNAL', error.message)
}

/** Inspection of a run's best checkpoint: every tensor computation runs in the inspector process. */
export function inspectHandlers({ store, home, events, inspector }: InspectDeps): InspectHandlers {
  const target = (runId: number): InspectTarget => {
    const run = store.runs.get(runId) ?? fail('RUN_NOT_FOUND', `No run with id ${runId}.`)
    const best = store.checkpoints.best(runId)
    if (!best)
      fail(
        'RUN_STATE',
        `Run ${runId} has no checkpoint yet (${run.status}): it saves one after each epoch.`,
      )
    if (run.datasetId === null)
      fail('DATASET_NOT_FOUND', `Run ${runId}'s dataset no longer exists.`)
    const dataset =
      store.datasets.get(run.datasetId) ??
      fail('DATASET_NOT_FOUND', `Run ${runId}'s dataset ${run.datasetId} no longer exists.`)
    const hp = run.hyperparameters
    const runDir = join(home, 'runs', String(runId))
    return {
      runId,
      design: run.graph,
      checkpointDir: best.path,
      checkpoint: { epoch: best.epoch, valAccuracy: best.valAccuracy, isBest: best.isBest },
      cacheDir: cacheDirFor(runDir, best.path),
      home,
      datasetId: dataset.id,
      valFraction: typeof hp.valFraction === 'number' ? hp.valFraction : TRAIN_DEFAULTS.valFraction,
      seed: typeof hp.seed === 'number' ? hp.seed : TRAIN_DEFAULTS.seed,
      classNames: dataset.classes,
      backend: isBackendPin(hp.backend) ? hp.backend : 'auto',
    }
  }

  const ask = async <T>(
    t: InspectTarget,
    task: InspectTask,
    jobId?: string,
    progressTask?: 'evaluation' | 'topPatches',
  ): Promise<T> => {
    try {
      return (await inspector.request(t, task, {
        ...(jobId === undefined ? {} : { jobId }),
        ...(progressTask === undefined
          ? {}
          : {
              onProgress: (done: number, total: number) =>
                events.emit('inspect:progress', {
                  jobId: jobId ?? '',
                  runId: t.runId,
                  task: progressTask,
                  done,
                  total,
                }),
            }),
      })) as T
    } catch (e) {
      throw translate(e)
    }
  }

  /**
   * Runs `work` on the run's best checkpoint. A run still training keeps only its best and last
   * checkpoints, so the one picked can be removed by the next save while the inspector loads
   * it: then `work` runs once more, on the checkpoint that replaced it.
   */
  const onBest = async <T>(runId: number, work: (t: InspectTarget) => Promise<T>): Promise<T> => {
    const t = target(runId)
    try {
      return await work(t)
    } catch (e) {
      const now = store.checkpoints.best(runId)
      if (now !== undefined && now.path !== t.checkpointDir) return work(target(runId))
      throw e
    }
  }

  return {
    'inspect:summary': ({ runId }) => {
      const t = target(runId)
      const analysis = analyze(t.design)
      return {
        runId,
        checkpoint: t.checkpoint,
        datasetId: t.datasetId,
        classNames: t.classNames,
        inputShape: [...(analysis.inputShape ?? [])],
        layers: layerSummaries(analysis),
        testCount: store.datasets.get(t.datasetId)?.counts.test ?? 0,
      }
    },
    'inspect:evaluation': ({ runId, jobId = randomUUID() }) =>
      onBest(runId, async (t) => {
        type Evaluated = Omit<ResponseOf<'inspect:evaluation'>, 'checkpoint' | 'trainerTop1'>
        const r = await ask<Evaluated>(t, { type: 'evaluation' }, jobId, 'evaluation')
        const trainerTop1 = store.runs.get(runId)?.finalMetrics?.test?.accuracy
        return {
          ...r,
          checkpoint: t.checkpoint,
          trainerTop1:
            typeof trainerTop1 === 'number' && Number.isFinite(trainerTop1) ? trainerTop1 : null,
        }
      }),
    'inspect:cell': ({ runId, ...q }) => onBest(runId, (t) => ask(t, { type: 'cell', ...q })),
    'inspect:predict': ({ runId, image }) =>
      onBest(runId, (t) => ask(t, { type: 'predict', image })),
    'inspect:filters': ({ runId, ...q }) => onBest(runId, (t) => ask(t, { type: 'filters', ...q })),
    'inspect:topPatches': ({ runId, jobId = randomUUID(), ...q }) =>
      onBest(runId, (t) => ask(t, { type: 'topPatches', ...q }, jobId, 'topPatches')),
    'inspect:featureMaps': ({ runId, ...q }) =>
      onBest(runId, (t) => ask(t, { type: 'featureMaps', ...q })),
    'inspect:cancel': ({ jobId }) => ({ cancelled: inspector.cancel(jobId) }),
  }
}

/** The layers with a feature map, conv layers with their filter geometry. */
export function layerSummaries(analysis: Analysis): ResponseOf<'inspect:summary'>['layers'] {
  const shapes = new Map(analysis.layers.map((l) => [l.id, l.shape]))
  return spatialLayers(analysis).map((l) => {
    const inShape = shapes.get(l.inputs[0] ?? '')
    const conv =
      l.kind === 'conv2d'
        ? {
            filters: Number(l.params.filters),
            kernel: Number(l.params.kernel),
            inChannels: inShape?.[2] ?? 0,
          }
        : null
    return {
      name: l.name,
      kind: l.kind,
      origin: l.origin,
      shape: [...(l.shape ?? [])],
      receptiveField: l.receptiveField,
      cumulativeStride: l.cumulativeStride,
      conv,
    }
  })
}
