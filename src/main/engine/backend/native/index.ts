export { findAddon, loadAddon, nativeInfoSchema } from './addon'
export type { ConvShape, NativeAddon, NativeInfo, NativeLoad } from './addon'
export { nativeShape } from './kernels'
export {
  NATIVE_KERNELS,
  nativeAddon,
  nativeKernelsActive,
  registerNativeKernels,
  unregisterNativeKernels,
} from './register'
