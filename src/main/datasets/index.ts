export { ensureBuiltinDatasets, mnistSourceDir, MNIST_ID } from './builtin'
export { cacheDir, datasetsRoot } from './cache'
export { detectFormat, type ImportFormat } from './detect'
export { DatasetError, type DatasetErrorCode, type DuplicateOf } from './errors'
export {
  DEFAULT_FOLDER_SIZE,
  DEFAULT_MAX_PIXELS,
  importDataset,
  type ImportOptions,
  type ImportResult,
} from './importer'
export { loadDataset, type LoadedDataset, type LoadOptions } from './load'
export { deleteDataset } from './manage'
export { datasetPreview, datasetSamples, type Preview, type Sample } from './preview'
export type { ImportPhase, ImportProgress, Split } from './types'
