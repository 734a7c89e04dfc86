import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { unpackedPath } from '../unpackedPath'

/**
 * A convolution's geometry as the addon takes it:
 * [n, h, w, cin, oh, ow, cout, kh, kw, strideH, strideW, padTop, padLeft] (NHWC, HWIO filter).
 */
export type ConvShape = readonly number[]

/** tanhGrad: (1 − a²)·b, a being Tanh's output and b the gradient coming in. */
export type BinaryOpName = 'add' | 'sub' | 'mul' | 'div' | 'tanhGrad'
export type UnaryOpName = 'square' | 'relu' | 'step' | 'tanh'

/** The addon built from native/ (blockwise_native.node): synchronous, checks every length. */
export interface NativeAddon {
  /** y = conv(x, w) + bias, then relu when asked; bias may be null. */
  forward(
    shape: ConvShape,
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    y: Float32Array,
    relu: boolean,
  ): void
  /** dw of the conv for dy. */
  filter(shape: ConvShape, x: Float32Array, dy: Float32Array, dw: Float32Array): void
  /** dx of the conv for dy. */
  input(shape: ConvShape, dy: Float32Array, w: Float32Array, dx: Float32Array): void
  /**
   * out = a op b; each operand is as long as out, one value per channel (the last axis, out's
   * length a multiple of `channels`) or one value; at least one is as long as out.
   */
  binary(
    op: BinaryOpName,
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    channels: number,
  ): void
  /** out = op(x); step: 1 above zero, alpha otherwise, NaN for NaN; tanh to ~1e-6 relative. */
  unary(op: UnaryOpName, x: Float32Array, out: Float32Array, alpha: number): void
  /** out[c] = scale · Σ over rows of x[row, c]; deterministic whatever the thread count. */
  channelSum(x: Float32Array, channels: number, out: Float32Array, scale: number): void
  /** out = (x − mean) · scale / √(variance + epsilon) + offset, per channel (mean's length). */
  batchNorm(
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    offset: Float32Array | null,
    scale: Float32Array | null,
    epsilon: number,
    out: Float32Array,
  ): void
  /** out[i] = value. */
  fill(out: Float32Array, value: number): void
  /** y = the means of kh × kw windows tiling x; shape is [n, h, w, c, kh, kw] (NHWC). */
  avgPool(shape: readonly number[], x: Float32Array, y: Float32Array): void
  /** dx of avgPool for dy: dy / (kh·kw) over each window, 0 outside every window. */
  avgPoolGrad(shape: readonly number[], dy: Float32Array, dx: Float32Array): void
  /** mean[c] and the biased variance[c] over every row of x (rows of `channels`), in double. */
  batchNormStats(
    x: Float32Array,
    channels: number,
    mean: Float32Array,
    variance: Float32Array,
  ): void
  /**
   * Training batch norm's gradient for dy (mean and variance x's own batch statistics, per
   * channel = mean's length): dx = γ·σ⁻¹/N·(N·dy − Σdy − x̂·Σ(dy·x̂)), dscale = Σ(dy·x̂),
   * doffset = Σdy. scale (γ) may be null (1).
   */
  batchNormGrad(
    dy: Float32Array,
    x: Float32Array,
    mean: Float32Array,
    variance: Float32Array,
    scale: Float32Array | null,
    epsilon: number,
    dx: Float32Array,
    dscale: Float32Array,
    doffset: Float32Array,
  ): void
  info(): NativeInfo
  /** isa: 'auto' | 'avx512' | 'avx2' | 'portable'; threads 0 = the machine's cores. */
  configure(isa: string, threads: number): NativeInfo
}

export const nativeInfoSchema = z.object({
  /** The instruction set in use: 'avx512', 'avx2' or 'portable'. */
  isa: z.string(),
  /** What this CPU and build can run, comma-separated, best first. */
  available: z.string(),
  threads: z.number().int().positive(),
  /** The elementwise loops' instruction set: 'avx2' where the CPU has it, else 'portable'. */
  elementwise: z.string(),
})
export type NativeInfo = z.infer<typeof nativeInfoSchema>

/** How runs and the status bar name the native kernels: "avx512, 2 threads". */
export const nativeInfoLabel = ({ isa, threads }: NativeInfo): string =>
  `${isa}, ${threads} thread${threads === 1 ? '' : 's'}`

export type NativeLoad =
  { ok: true; addon: NativeAddon; info: NativeInfo; path: string } | { ok: false; reason: string }

const FILE = join('native', 'build', 'Release', 'blockwise_native.node')
const require = createRequire(import.meta.url)

/**
 * The built addon: BLOCKWISE_NATIVE_ADDON if set, else native/build/Release/ in the first folder
 * above this module that has one (the repo from source, the app folder from out/main/; inside a
 * packaged app the unpacked copy beside app.asar).
 */
export function findAddon(
  env: NodeJS.ProcessEnv = process.env,
  from: string = dirname(fileURLToPath(import.meta.url)),
): string | null {
  if (env.BLOCKWISE_NATIVE_ADDON) return env.BLOCKWISE_NATIVE_ADDON
  let dir = from
  for (let i = 0; i < 10; i++) {
    const candidate = join(dir, FILE)
    if (existsSync(candidate)) return unpackedPath(candidate)
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  return null
}

/**
 * Loads the addon and applies BLOCKWISE_NATIVE_ISA / BLOCKWISE_NATIVE_THREADS. Never throws:
 * when the kernels cannot be had, `reason` says why in a few words for the backend's detail.
 * BLOCKWISE_NATIVE_KERNELS=0 turns them off.
 */
export function loadAddon(
  env: NodeJS.ProcessEnv = process.env,
  from: string = dirname(fileURLToPath(import.meta.url)),
): NativeLoad {
  if (env.BLOCKWISE_NATIVE_KERNELS === '0') {
    return { ok: false, reason: 'turned off (BLOCKWISE_NATIVE_KERNELS=0)' }
  }
  const path = findAddon(env, from)
  if (path === null) {
    return { ok: false, reason: 'not built (run `npm run build:native`; needs a C++ compiler)' }
  }
  if (!existsSync(path)) return { ok: false, reason: `${path} does not exist` }
  let addon: NativeAddon
  try {
    addon = require(path) as NativeAddon
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { ok: false, reason: `${path} failed to load: ${message.split('\n')[0]}` }
  }
  const threads = Number(env.BLOCKWISE_NATIVE_THREADS ?? 0)
  if (!Number.isInteger(threads) || threads < 0) {
    return { ok: false, reason: `BLOCKWISE_NATIVE_THREADS must be a whole number, not ${threads}` }
  }
  try {
    const info = nativeInfoSchema.parse(
      addon.configure(env.BLOCKWISE_NATIVE_ISA ?? 'auto', threads),
    )
    return { ok: true, addon, info, path }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
}
