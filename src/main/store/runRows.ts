/**
 * How a runs row reads and writes: the columns a summary and a full run select, the SQL of
 * every sort column, the row → `RunSummary` mapping, and the final-metrics JSON coding.
 */
import { fromJson } from './context'
import type { FinalMetrics, RunSortColumn, RunStatus, RunSummary } from './types'

export interface RunRow {
  id: number
  name: string
  design_name: string
  graph?: string
  hyperparameters: string
  dataset_id: string | null
  dataset_name: string | null
  backend: string | null
  backend_version: string | null
  backend_native: string | null
  backend_detail: string | null
  backend_device: string | null
  status: RunStatus
  error: string | null
  created_at: number
  started_at: number | null
  ended_at: number | null
  params: number | null
  macs: number | null
  best_val_accuracy: number | null
  final_metrics: string | null
  tags: string
  notes: string
  queue_position: number | null
}

// Summaries leave out the graph and the confusion matrix (10,000 numbers for CIFAR-100): a
// page of the history list stays small. One run (`get`) has both.
const columns = (finalMetrics: string): string => `r.id, r.name, r.design_name, r.hyperparameters,
  r.dataset_id, d.name AS dataset_name, r.backend, r.backend_version, r.backend_native,
  r.backend_detail, r.backend_device, r.status, r.error, r.created_at,
  r.started_at, r.ended_at, r.params, r.macs, r.best_val_accuracy, ${finalMetrics} AS final_metrics,
  r.tags, r.notes, r.queue_position`
export const SUMMARY_COLUMNS = columns(
  "json_remove(r.final_metrics, '$.confusionMatrix', '$.classNames')",
)
export const RUN_COLUMNS = columns('r.final_metrics')
export const FROM = 'FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id'

export const SORT_SQL: Record<RunSortColumn, string> = {
  id: 'r.id',
  name: 'r.name COLLATE NOCASE',
  designName: 'r.design_name COLLATE NOCASE',
  datasetName: 'd.name COLLATE NOCASE',
  status: 'r.status',
  createdAt: 'r.created_at',
  startedAt: 'r.started_at',
  endedAt: 'r.ended_at',
  duration: '(r.ended_at - r.started_at)',
  params: 'r.params',
  macs: 'r.macs',
  bestValAccuracy: 'r.best_val_accuracy',
  testAccuracy: "json_extract(r.final_metrics, '$.test.accuracy')",
  backend: 'r.backend',
  queuePosition: 'r.queue_position',
}

/** A row (with the dataset's name joined in) as the summary the history list shows. */
export function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    name: row.name,
    designName: row.design_name,
    hyperparameters: fromJson(row.hyperparameters, {}),
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    backend: row.backend,
    backendVersion: row.backend_version,
    backendNative: row.backend_native,
    backendDetail: row.backend_detail,
    backendDevice: row.backend_device,
    status: row.status,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    params: row.params,
    macs: row.macs,
    bestValAccuracy: row.best_val_accuracy,
    finalMetrics: row.final_metrics === null ? null : decodeFinal(row.final_metrics),
    tags: fromJson(row.tags, []),
    notes: row.notes,
    queuePosition: row.queue_position,
  }
}

// JSON has no NaN/Infinity: final metrics keep them as tagged strings.
export const encodeFinal = (m: FinalMetrics): string =>
  JSON.stringify(m, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `__num:${String(v)}` : v,
  )
const decodeFinal = (text: string): FinalMetrics =>
  JSON.parse(text, (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith('__num:') ? Number(v.slice(6)) : v,
  ) as FinalMetrics
