import { performance } from 'node:perf_hooks'
import type { BenchResult } from './types'

export interface MeasureOptions {
  /** Timed runs the median is taken over (default 15). */
  samples?: number
  /** Untimed runs first, so the JIT and caches settle (default 3). */
  warmup?: number
}

export interface Measurement {
  /** Median of the samples, in milliseconds. */
  median: number
  min: number
  max: number
  /** Every sample in milliseconds, in the order taken. */
  times: number[]
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Times `fn` (sync or async) `samples` times after `warmup` untimed runs. */
export async function measure(
  fn: () => unknown,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const samples = options.samples ?? 15
  const warmup = options.warmup ?? 3
  if (!Number.isInteger(samples) || samples < 1)
    throw new Error(`samples must be a positive integer, got ${samples}`)
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), times }
}

/** Measures `fn` and returns it as a BenchResult in milliseconds, with min/max in the detail. */
export async function timeResult(
  name: string,
  fn: () => unknown,
  options: MeasureOptions & { target?: BenchResult['target']; detail?: string } = {},
): Promise<BenchResult> {
  const m = await measure(fn, options)
  const spread = `min ${m.min.toFixed(2)} max ${m.max.toFixed(2)} ms`
  const result: BenchResult = {
    name,
    value: m.median,
    unit: 'ms',
    samples: m.times.length,
    detail: options.detail ? `${options.detail}; ${spread}` : spread,
  }
  if (options.target) result.target = options.target
  return result
}
