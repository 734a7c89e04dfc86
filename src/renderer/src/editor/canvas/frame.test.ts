import { describe, expect, it } from 'vitest'
import { frameViewport, type FrameOptions } from './frame'

const opts: FrameOptions = {
  topInset: 60,
  corner: { width: 0, height: 0 },
  margin: 20,
  maxZoom: 1,
  readableZoom: 0.4,
}

/** Where a flow point lands on screen under a viewport. */
const toScreen = (v: { x: number; y: number; zoom: number }, px: number, py: number) => ({
  x: px * v.zoom + v.x,
  y: py * v.zoom + v.y,
})

describe('frameViewport', () => {
  it('puts a wide graph wholly inside the view, below the inset, with the margin', () => {
    // Four branches side by side, offset from the origin (negative x as elk can give).
    const bounds = { x: -300, y: 40, width: 1100, height: 500 }
    const v = frameViewport(bounds, 800, 700, opts)
    expect(v.whole).toBe(true)
    const tl = toScreen(v, bounds.x, bounds.y)
    const br = toScreen(v, bounds.x + bounds.width, bounds.y + bounds.height)
    expect(tl.x).toBeCloseTo(20)
    expect(br.x).toBeCloseTo(780)
    expect(tl.y).toBeGreaterThanOrEqual(80 - 1e-9)
    expect(br.y).toBeLessThanOrEqual(680 + 1e-9)
    // Centred in the free area below the inset.
    expect((tl.y + br.y) / 2).toBeCloseTo((80 + 680) / 2)
  })

  it('keeps clear of the minimap corner, beside it or above it as suits the graph', () => {
    const corner = { width: 200, height: 150 }
    // Wide and short: above the corner, the full width.
    const wide = { x: 0, y: 0, width: 1000, height: 100 }
    const w = frameViewport(wide, 800, 700, { ...opts, corner })
    expect(toScreen(w, 0, 0).x).toBeCloseTo(20)
    expect(toScreen(w, 1000, 0).x).toBeCloseTo(780)
    expect(toScreen(w, 0, 100).y).toBeLessThanOrEqual(700 - 150 - 20 + 1e-9)
    // Tall and narrow: beside the corner, the full height below the inset.
    const tall = { x: 0, y: 0, width: 100, height: 1000 }
    const t = frameViewport(tall, 800, 700, { ...opts, corner })
    expect(toScreen(t, 0, 0).y).toBeCloseTo(80)
    expect(toScreen(t, 0, 1000).y).toBeCloseTo(680)
    expect(toScreen(t, 100, 0).x).toBeLessThanOrEqual(800 - 200 - 20 + 1e-9)
  })

  it('does not blow a small graph up past the maximum zoom', () => {
    const v = frameViewport({ x: 0, y: 0, width: 236, height: 300 }, 1200, 900, opts)
    expect(v.zoom).toBe(1)
    expect(v.whole).toBe(true)
    expect(toScreen(v, 118, 0).x).toBeCloseTo(600)
  })

  it('shows the top of a tall stage at the readable zoom, centred across', () => {
    const bounds = { x: 0, y: 0, width: 600, height: 9000 }
    const v = frameViewport(bounds, 1000, 800, opts)
    expect(v.whole).toBe(false)
    expect(v.zoom).toBe(0.4)
    expect(toScreen(v, 0, 0).y).toBeCloseTo(80)
    expect(toScreen(v, 300, 0).x).toBeCloseTo(500)
  })

  it('starts a graph too wide to read whole at its left edge', () => {
    const bounds = { x: 100, y: 0, width: 8000, height: 3000 }
    const v = frameViewport(bounds, 1000, 800, opts)
    expect(v.whole).toBe(false)
    expect(toScreen(v, 100, 0)).toEqual({ x: 20, y: 80 })
  })

  it('survives an empty or zero-sized view', () => {
    const v = frameViewport({ x: 0, y: 0, width: 0, height: 0 }, 0, 0, opts)
    expect(Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.zoom)).toBe(true)
  })
})
