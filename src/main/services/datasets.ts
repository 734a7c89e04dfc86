import type { DatasetDetail, DatasetSummary } from '../../shared/api'
import type { DatasetRecord, Store } from '../store'
import { fail } from './errors'
import type { Handlers } from './types'

type DatasetHandlers = Pick<
  Handlers,
  'datasets:list' | 'datasets:get' | 'datasets:preview' | 'datasets:import' | 'datasets:cancelImport'
>

export const toDatasetSummary = (d: DatasetRecord): DatasetSummary => ({
  id: d.id,
  name: d.name,
  format: d.format,
  builtin: d.builtin,
  shape: [...d.shape],
  classes: d.classes,
  counts: d.counts,
  createdAt: d.createdAt,
})

const toDetail = (d: DatasetRecord): DatasetDetail => ({
  ...toDatasetSummary(d),
  classCounts: d.classCounts,
  sourcePath: d.sourcePath,
  mean: d.mean,
  std: d.std,
  skipped: d.skipped,
})

/** The parts of the datasets module the handlers need (importers, cache reader). */
export interface DatasetOps {
  preview: DatasetHandlers['datasets:preview']
  import: DatasetHandlers['datasets:import']
  cancelImport: DatasetHandlers['datasets:cancelImport']
}

/** Datasets: metadata from the store; preview and import through the datasets module. */
export function datasetHandlers(store: Store, ops: DatasetOps): DatasetHandlers {
  return {
    'datasets:list': () => store.datasets.list().map(toDatasetSummary),
    'datasets:get': ({ id }) => toDetail(store.datasets.get(id) ?? fail('DATASET_NOT_FOUND', `No dataset with id "${id}".`)),
    'datasets:preview': (request) => ops.preview(request),
    'datasets:import': (request) => ops.import(request),
    'datasets:cancelImport': (request) => ops.cancelImport(request),
  }
}
