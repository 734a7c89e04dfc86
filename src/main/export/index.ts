/** Exporters: tfjs, ONNX, PyTorch (+ DDP training script), Keras and the design itself. */
export { exportRun, type ExportResult, type Progress } from './exportRun'
export { ExportError, ExportFormat, type LayerWeights, type WeightTensor } from './types'
export { buildOnnx } from './onnx'
export { exportTfjs } from './tfjs'
export { exportPytorch } from './pytorch'
export { exportKeras } from './keras'
export { exportDesign } from './design'
export { readCheckpointWeights } from './checkpoint'
