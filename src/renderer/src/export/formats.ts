import type { ExportFormat } from '../../../shared/api'

export interface FormatInfo {
  id: ExportFormat
  label: string
  /** One line: what you get and where it runs. */
  what: string
  /** What to do with it next, given the main file written. */
  next(path: string): string
  /** The main file is the whole export, so the browser can download it alone. */
  singleFile: boolean
}

/** The file name of a path (either separator). */
export const base = (path: string): string => path.split(/[\\/]/).pop() ?? path

/** The export formats in the order the picker shows them. */
export const FORMATS: readonly FormatInfo[] = [
  {
    id: 'onnx',
    label: 'ONNX',
    what: 'One .onnx file for onnxruntime, TensorRT, OpenVINO; open it in Netron to look inside.',
    next: (path) => `onnxruntime.InferenceSession('${base(path)}'), or open it in Netron`,
    singleFile: true,
  },
  {
    id: 'tfjs',
    label: 'TensorFlow.js',
    what: 'model.json + weights.bin for tf.loadLayersModel in the browser or Node.',
    next: (path) => `tf.loadLayersModel('file://${path}')`,
    singleFile: false,
  },
  {
    id: 'pytorch',
    label: 'PyTorch',
    what: 'model.py + model.safetensors + a DistributedDataParallel train.py (and the data) for torchrun on several GPUs.',
    next: () => 'torchrun --standalone --nproc_per_node=<GPUs> train.py',
    singleFile: false,
  },
  {
    id: 'keras',
    label: 'Keras',
    what: 'model.py building the Keras model + weights.npz to load into it.',
    next: () => 'from model import build_model, load_weights; m = build_model(); load_weights(m)',
    singleFile: false,
  },
  {
    id: 'design',
    label: 'Design',
    what: 'The .blockwise.json design (no weights) + its diagram as SVG and PNG.',
    next: (path) => `Import ${base(path)} in the editor; the SVG and PNG sit beside it`,
    singleFile: true,
  },
]

/** The info of a recorded format ('onnx'); undefined for one this build does not know. */
export const formatInfo = (id: string): FormatInfo | undefined => FORMATS.find((f) => f.id === id)

/** 1234567 → "1.2 MB". */
export function fileSize(bytes: number | null): string {
  if (bytes === null) return '—'
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
