import { z } from 'zod'

/** The formats a trained run can be exported to. */
export const ExportFormat = z.enum(['tfjs', 'onnx', 'pytorch', 'keras', 'design'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** One weight tensor of a layer, in tfjs layout (conv kernels `[kh, kw, in, out]`, dense `[in, out]`). */
export interface WeightTensor {
  /** The tfjs weight name, e.g. `conv1/kernel`, `bn1/moving_mean`. */
  name: string
  shape: number[]
  data: Float32Array
}

/** Trained weights by layer name (the primitive node's name). */
export type LayerWeights = Map<string, WeightTensor[]>

/** Why an export could not be made; `code` is stable, the message names what and why. */
export class ExportError extends Error {
  constructor(
    readonly code:
      'unsupported-block' | 'missing-weights' | 'bad-graph' | 'bad-format' | 'not-found' | 'io',
    message: string,
  ) {
    super(message)
    this.name = 'ExportError'
  }
}
