import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { analyze } from '../../shared/graph'
import { loadDataset } from '../datasets'
import type { Store } from '../store'
import { readCheckpointWeights } from './checkpoint'
import { exportDesign, fileStem } from './design'
import { exportKeras } from './keras'
import { buildOnnx } from './onnx'
import { exportPytorch, type ExportDataset } from './pytorch'
import { exportTfjs } from './tfjs'
import { ExportError, ExportFormat, type LayerWeights } from './types'
import { assertNever } from '../../shared/assertNever'

export interface ExportResult {
  runId: number
  format: ExportFormat
  /** The main file (model.json, .onnx, model.py, .blockwise.json), the path recorded in the store. */
  path: string
  files: string[]
  bytes: number
  exportId: number
}

export type Progress = (message: string) => void

/**
 * Exports a stored run's best (else latest) checkpoint to `outDir` in `format` and records the
 * export in the run's exports list. 'design' needs no checkpoint. Errors are `ExportError`s
 * saying why.
 */
export async function exportRun(
  store: Store,
  home: string,
  runId: number,
  format: ExportFormat,
  outDir: string,
  onProgress: Progress = () => {},
): Promise<ExportResult> {
  const run = store.runs.get(runId)
  if (!run) throw new ExportError('not-found', `no run ${runId}`)
  const parsedFormat = ExportFormat.safeParse(format)
  if (!parsedFormat.success)
    throw new ExportError(
      'bad-format',
      `unknown format '${format}': use ${ExportFormat.options.join(', ')}`,
    )
  const design = run.graph
  try {
    mkdirSync(outDir, { recursive: true })
  } catch (error) {
    throw new ExportError('io', `cannot write to ${outDir}: ${(error as Error).message}`)
  }
  const name = run.name || design.name
  let files: string[]
  if (format === 'design') {
    onProgress('writing the design file and diagram')
    files = await exportDesign(design, outDir, onProgress)
  } else {
    const analysis = analyze(design)
    if (!analysis.valid) {
      const errors = analysis.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => d.message)
      throw new ExportError(
        'bad-graph',
        `run ${runId}'s design has errors: ${errors.slice(0, 3).join('; ')}`,
      )
    }
    const weights = checkpointWeights(store, home, runId, run.status, onProgress)
    const graph = analysis.graph
    const stats = run.datasetId === null ? undefined : store.datasets.get(run.datasetId)
    onProgress(`writing ${format}`)
    switch (format) {
      case 'tfjs':
        files = await exportTfjs(graph, weights, outDir, name)
        break
      case 'onnx': {
        const file = join(outDir, `${fileStem(name)}.onnx`)
        const metadata: Record<string, string> = stats
          ? {
              mean: JSON.stringify(stats.mean),
              std: JSON.stringify(stats.std),
              classes: JSON.stringify(stats.classes),
            }
          : {}
        writeFileSync(file, buildOnnx(graph, weights, name, { metadata }))
        files = [file]
        break
      }
      case 'pytorch': {
        const dataset = await exportDataset(home, run.datasetId, onProgress)
        const info = {
          name,
          ...(stats ? { mean: stats.mean, std: stats.std } : {}),
          ...(dataset ? { dataset } : {}),
        }
        files = exportPytorch(design, graph, weights, outDir, info)
        break
      }
      case 'keras':
        files = exportKeras(graph, weights, outDir, name, stats)
        break
      default:
        return assertNever(format)
    }
  }
  const path = files[0] ?? outDir
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0)
  const record = store.exports.add({ runId, format, path: resolve(path), bytes })
  onProgress(`wrote ${files.length} file${files.length === 1 ? '' : 's'} to ${outDir}`)
  return { runId, format, path: resolve(path), files, bytes, exportId: record.id }
}

function checkpointWeights(
  store: Store,
  home: string,
  runId: number,
  status: string,
  onProgress: Progress,
): LayerWeights {
  const checkpoint = store.checkpoints.best(runId)
  if (!checkpoint) {
    throw new ExportError(
      'not-found',
      `run ${runId} has no checkpoint (status: ${status}): train it for at least one epoch, or export its 'design'`,
    )
  }
  const dir = isAbsolute(checkpoint.path) ? checkpoint.path : join(home, checkpoint.path)
  onProgress(
    `reading the checkpoint of epoch ${checkpoint.epoch}${checkpoint.isBest ? ' (best)' : ''}`,
  )
  return readCheckpointWeights(dir)
}

/** The run's dataset for train.py, or undefined (with a note) when it is gone. */
async function exportDataset(
  home: string,
  datasetId: string | null,
  onProgress: Progress,
): Promise<ExportDataset | undefined> {
  if (datasetId === null) {
    onProgress('the run has no dataset: data.npz is left out')
    return undefined
  }
  try {
    onProgress(`packing dataset ${datasetId} into data.npz`)
    return await loadDataset(home, datasetId, { valFraction: 0 })
  } catch (error) {
    onProgress(
      `dataset ${datasetId} cannot be read (${(error as Error).message}): data.npz is left out`,
    )
    return undefined
  }
}
