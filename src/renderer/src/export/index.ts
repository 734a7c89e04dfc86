export { ExportPanel } from './ExportPanel'
export { useCheckpointWatch } from './useCheckpointWatch'
