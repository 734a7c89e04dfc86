export { findAddon, loadAddon, nativeInfoLabel, nativeInfoSchema } from './addon'
export type {
  BinaryOpName,
  UnaryOpName,
  ConvShape,
  NativeAddon,
  NativeInfo,
  NativeLoad,
} from './addon'
export { nativeShape } from './kernels'
export { NATIVE_MIN_ELEMENTS, spanOver } from './elementwise'
export {
  NATIVE_ELEMENTWISE_KERNELS,
  NATIVE_KERNELS,
  nativeAddon,
  nativeKernelsActive,
  registerNativeKernels,
  unregisterNativeKernels,
} from './register'
export {
  BATCH_NORM_GRAD,
  BATCH_NORM_STATS,
  nativeBatchNormFor,
  nativeBatchNormGrad,
  nativeBatchNormStats,
} from './batchNorm'
