import { describe, expect, it } from 'vitest'
import { examplesPerEpoch, forecastEpoch, nativeExpected, type Throughput } from './forecast'

const run = (
  macs: number,
  imagesPerSec: number,
  backend: string,
  nativeKernels: string | null = null,
) => ({ macs, imagesPerSec, backend, nativeKernels }) satisfies Throughput

describe('forecastEpoch', () => {
  const past = [run(400_000, 1000, 'wasm'), run(800_000, 500, 'wasm'), run(100, 1, 'cpu')]
  it('scales measured MACs/s to the design (median over runs on the same backend)', () => {
    const f = forecastEpoch(4_000_000, 1000, past, { backend: 'wasm', nativeKernels: false })!
    expect(f.imagesPerSec).toBeCloseTo(100, 9)
    expect(f.ms).toBeCloseTo(10_000, 6)
    expect(f.basis).toBe(2)
    expect(f.nativeKernels).toBe(false)
  })
  it('is null with nothing measured on that backend', () => {
    expect(forecastEpoch(1, 1, past, { backend: 'tensorflow', nativeKernels: null })).toBeNull()
    expect(forecastEpoch(1, 1, [], { backend: null, nativeKernels: null })).toBeNull()
    expect(forecastEpoch(0, 1, past, { backend: 'wasm', nativeKernels: false })).toBeNull()
  })
  it('counts the examples of an epoch', () => {
    expect(examplesPerEpoch(60_000, 0.1, null)).toBe(54_000)
    expect(examplesPerEpoch(60_000, 0.1, 512)).toBe(512)
  })

  // Native kernels in front of wasm run several times faster: the two must not be mixed.
  const mixed = [
    run(1_000_000, 2000, 'wasm', 'avx512, 2 threads'), // 2e9 MACs/s
    run(1_000_000, 400, 'wasm'), // 4e8 MACs/s
    run(1_000_000, 2400, 'wasm', 'avx2, 2 threads'), // 2.4e9 MACs/s
    run(1_000_000, 500, 'wasm'), // 5e8 MACs/s
    run(1_000_000, 600, 'wasm'), // 6e8 MACs/s
  ]
  it('with native kernels next, counts only past runs that had them', () => {
    const f = forecastEpoch(1_000_000, 2200, mixed, { backend: 'wasm', nativeKernels: true })!
    expect(f.basis).toBe(2)
    expect(f.nativeKernels).toBe(true)
    expect(f.imagesPerSec).toBeCloseTo(2200, 9)
    expect(f.ms).toBeCloseTo(1000, 9)
  })
  it('without native kernels next, counts only past runs without them', () => {
    const f = forecastEpoch(1_000_000, 500, mixed, { backend: 'wasm', nativeKernels: false })!
    expect(f.basis).toBe(3)
    expect(f.nativeKernels).toBe(false)
    expect(f.imagesPerSec).toBeCloseTo(500, 9)
    // Mixed, the median would have said 600/s: the slow runs' estimate must not be that.
  })
  it('is null when only runs of the other kind were measured', () => {
    const slowOnly = mixed.filter((p) => p.nativeKernels === null)
    expect(
      forecastEpoch(1_000_000, 1, slowOnly, { backend: 'wasm', nativeKernels: true }),
    ).toBeNull()
    const fastOnly = mixed.filter((p) => p.nativeKernels !== null)
    expect(
      forecastEpoch(1_000_000, 1, fastOnly, { backend: 'wasm', nativeKernels: false }),
    ).toBeNull()
  })
  it('with native unknown takes every run on the backend, and says it is not all native', () => {
    const f = forecastEpoch(1_000_000, 1, mixed, { backend: 'wasm', nativeKernels: null })!
    expect(f.basis).toBe(5)
    expect(f.nativeKernels).toBe(false)
  })
})

describe('nativeExpected', () => {
  const newestFirst = [
    run(1, 1, 'cpu', 'avx2, 1 thread'),
    run(1, 1, 'wasm', 'avx512, 2 threads'),
    run(1, 1, 'wasm'),
  ]
  it('is what the newest past run on the backend had', () => {
    expect(nativeExpected(newestFirst, 'wasm')).toBe(true)
    expect(nativeExpected(newestFirst.slice(2), 'wasm')).toBe(false)
    expect(nativeExpected(newestFirst, 'cpu')).toBe(true)
  })
  it('is the newest run of all for an unknown backend, null with no run on it', () => {
    expect(nativeExpected(newestFirst, null)).toBe(true)
    expect(nativeExpected(newestFirst, 'tensorflow')).toBeNull()
    expect(nativeExpected([], null)).toBeNull()
  })
})
