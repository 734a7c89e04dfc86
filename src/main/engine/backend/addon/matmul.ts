import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  _FusedMatMul,
  type _FusedMatMulAttrs,
} from '@tensorflow/tfjs-core'
import type { NativeAddon } from './addon'
import { type NativeBackend, accessFor, fallback } from './kernels'

/**
 * Fewest multiply-adds worth the addon's call. Dense layers are where it pays: a VGG-sized
 * 64×4096×4096 product takes 34 / 68 / 19 ms natively for a·b / dy·wᵀ / xᵀ·dy against wasm's
 * 65 / 310 / 120 ms on two threads (wasm transposes first); LeNet-5's small ones break even.
 */
export const NATIVE_MIN_MACS = 32768

/** A [1, rows, cols] float32 operand as [rows, cols], or null (batched, other dtypes, ranks). */
function matrix(t: TensorInfo | undefined): [number, number] | null {
  if (t === undefined || t.dtype !== 'float32') return null
  const s = t.shape
  if (s.length === 2) return [s[0]!, s[1]!]
  if (s.length === 3 && s[0] === 1) return [s[1]!, s[2]!]
  return null
}

/** A dense conv's geometry: m pixels (the batch as images of 1×1), k inputs, n outputs. */
const denseShape = (m: number, k: number, n: number) => [m, 1, 1, k, 1, 1, n, 1, 1, 1, 1, 0, 0]

/**
 * A single matrix product as one of the addon's 1×1 convolutions over m images of one pixel:
 * a·b is the forward conv (b the filter), a·bᵀ the input gradient (dy = a, w = b), aᵀ·b the
 * filter gradient (x = a, dy = b). Null when the product is not one of these.
 */
function product(
  addon: NativeAddon,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): { shape: number[]; run: (a: Float32Array, b: Float32Array, out: Float32Array) => void } | null {
  const ma = matrix(a)
  const mb = matrix(b)
  if (ma === null || mb === null || (transposeA && transposeB)) return null
  const [m, k] = transposeA ? [ma[1], ma[0]] : ma
  const [kb, n] = transposeB ? [mb[1], mb[0]] : mb
  if (k !== kb || m * k * n < NATIVE_MIN_MACS) return null
  const outShape = a.shape.length === 3 ? [1, m, n] : [m, n]
  if (transposeA) {
    // out [k'=m, n] = aᵀ·b: a is [rows, m] = x of `rows` images with m channels.
    const rows = ma[0]
    return { shape: outShape, run: (x, dy, dw) => addon.filter(denseShape(rows, m, n), x, dy, dw) }
  }
  if (transposeB) {
    // out [m, n] = a·bᵀ: b is [n, k] = a filter of n inputs and k outputs.
    return { shape: outShape, run: (dy, w, dx) => addon.input(denseShape(m, n, k), dy, w, dx) }
  }
  return {
    shape: outShape,
    run: (x, w, y) => addon.forward(denseShape(m, k, n), x, w, null, y, false),
  }
}

/** BatchMatMul of one float32 matrix pair, plain or with one side transposed. */
export function batchMatMulConfig(
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, BatchMatMul, 'unsupported product')
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo }
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs
    const p = product(addon, a, b, transposeA, transposeB)
    if (p === null) return other(args)
    const data = accessFor(backendName, args.backend)
    const out = data.output(p.shape)
    p.run(data.view(a), data.view(b), data.view(out))
    return out
  }
  return { kernelName: BatchMatMul, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}

/** _FusedMatMul a·b + bias ([n]), linear or relu, untransposed: a dense layer's forward pass. */
export function fusedMatMulConfig(
  backendName: NativeBackend,
  addon: NativeAddon,
  previous: KernelConfig | undefined,
): KernelConfig {
  const other = fallback(previous, _FusedMatMul, 'unsupported product')
  const kernelFunc: KernelFunc = (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<
      string,
      TensorInfo | undefined
    >
    const attrs = args.attrs as unknown as _FusedMatMulAttrs
    const activation = attrs.activation ?? 'linear'
    if (a === undefined || b === undefined || preluActivationWeights !== undefined) {
      return other(args)
    }
    if (attrs.transposeA || attrs.transposeB) return other(args)
    if (activation !== 'linear' && activation !== 'relu') return other(args)
    const p = product(addon, a, b, false, false)
    const n = p?.shape[p.shape.length - 1]
    const biasOk =
      bias === undefined ||
      (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === n)
    if (p === null || n === undefined || !biasOk) return other(args)
    const ma = matrix(a)!
    const data = accessFor(backendName, args.backend)
    const out = data.output(p.shape)
    addon.forward(
      denseShape(ma[0], ma[1], n),
      data.view(a),
      data.view(b),
      bias === undefined ? null : data.view(bias),
      data.view(out),
      activation === 'relu',
    )
    return out
  }
  return { kernelName: _FusedMatMul, backendName, kernelFunc, setupFunc: previous?.setupFunc }
}
