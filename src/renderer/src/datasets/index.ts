export { ImportDatasetButton, ImportDatasetDialog } from './ImportDatasetDialog'
export { openImportDialog, refreshDatasets, useDatasets, useSelectImported } from './datasetsStore'
