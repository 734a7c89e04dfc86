import type { Rect, Viewport } from '@xyflow/react'

export interface FrameOptions {
  /** Screen pixels at the top of the view that something (a note) covers. */
  topInset: number
  /** A box in the view's bottom-right corner kept free of cards (the minimap), with its gap. */
  corner: { width: number; height: number }
  /** Screen pixels kept free around the graph. */
  margin: number
  /** Never zoom in past this (a three-layer inside should not fill the screen with one card). */
  maxZoom: number
  /**
   * Below this zoom the cards cannot be read: a graph that would need less is shown at this
   * zoom from its top (and left, when wider than the view), and the rest is a pan or the minimap
   * away.
   */
  readableZoom: number
}

interface Area {
  left: number
  top: number
  width: number
  height: number
}

/**
 * The part of a `width` × `height` view a graph of `bounds` is framed in: below the top inset,
 * and beside the corner box or above it, whichever lets the graph be larger.
 */
export function frameArea(bounds: Rect, width: number, height: number, o: FrameOptions): Area {
  const top = o.topInset + o.margin
  const beside = {
    left: o.margin,
    top,
    width: Math.max(1, width - o.corner.width - 2 * o.margin),
    height: Math.max(1, height - top - o.margin),
  }
  const above = { ...beside, width: Math.max(1, width - 2 * o.margin) }
  above.height = Math.max(1, height - top - o.corner.height - o.margin)
  return fitZoom(bounds, above) > fitZoom(bounds, beside) ? above : beside
}

const fitZoom = (bounds: Rect, area: Area): number =>
  Math.min(area.width / Math.max(1, bounds.width), area.height / Math.max(1, bounds.height))

/**
 * The viewport that shows `bounds` (flow coordinates) in a `width` × `height` view, clear of the
 * top inset and the corner box: all of it when that stays readable, else its start at the
 * readable zoom.
 */
export function frameViewport(
  bounds: Rect,
  width: number,
  height: number,
  o: FrameOptions,
): Viewport & { whole: boolean } {
  const area = frameArea(bounds, width, height, o)
  const fit = fitZoom(bounds, area)
  const whole = fit >= o.readableZoom
  const zoom = Math.min(o.maxZoom, whole ? fit : o.readableZoom)
  // Wider than the view at this zoom: start at its left edge, where a wrapped chain begins.
  const x =
    bounds.width * zoom > area.width
      ? area.left - bounds.x * zoom
      : area.left + area.width / 2 - (bounds.x + bounds.width / 2) * zoom
  const y = whole
    ? area.top + area.height / 2 - (bounds.y + bounds.height / 2) * zoom
    : area.top - bounds.y * zoom
  return { x, y, zoom, whole }
}
