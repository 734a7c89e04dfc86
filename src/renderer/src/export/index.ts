export { ExportPanel } from './ExportPanel'
