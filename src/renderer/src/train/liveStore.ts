import { create } from 'zustand'
import type { EventPayloadOf, RunStatus } from '../../../shared/api'
import { METRIC_NAMES as M } from '../../../shared/runs'

export type Progress = EventPayloadOf<'runs:progress'>
export type Point = [number, number | null]

/** What the app has heard about one run since it opened (or loaded from the store). */
export interface LiveRun {
  runId: number
  status: RunStatus | null
  error: string | null
  backend: string | null
  /** The native kernels in front of the backend ("avx512, 2 threads"), null when none. */
  backendNative: string | null
  backendDevice: string | null
  progress: Progress | null
  /** Curves keyed by metric name, x = global step. */
  curves: Record<string, Point[]>
}

interface LiveState {
  runs: Record<number, LiveRun>
  /** Bumped on every status change, so lists (queue, history) know to refresh. */
  statusSerial: number
  /** The run the Train view shows (the one just started, else the one training). */
  watched: number | null
}

// Every batch reaches the live curves; a long run would grow without bound, so batch curves
// keep every other point once they pass this many (the store keeps them all).
const MAX_LIVE_POINTS = 4000

export const useLive = create<LiveState>()(() => ({ runs: {}, statusSerial: 0, watched: null }))

const blank = (runId: number): LiveRun => ({
  runId,
  status: null,
  error: null,
  backend: null,
  backendNative: null,
  backendDevice: null,
  progress: null,
  curves: {},
})

function thin(points: Point[]): Point[] {
  return points.length <= MAX_LIVE_POINTS
    ? points
    : points.filter((_, i) => i % 2 === 0 || i === points.length - 1)
}

function patch(runId: number, fn: (r: LiveRun) => Partial<LiveRun>): void {
  useLive.setState((s) => {
    const r = s.runs[runId] ?? blank(runId)
    return { runs: { ...s.runs, [runId]: { ...r, ...fn(r) } } }
  })
}

function append(
  curves: Record<string, Point[]>,
  add: Record<string, Point[]>,
): Record<string, Point[]> {
  const next = { ...curves }
  for (const [name, points] of Object.entries(add)) {
    const old = next[name] ?? []
    // Points at steps we already have (replayed, or loaded from the store) are not added twice.
    const last = old.length > 0 ? old[old.length - 1]![0] : -Infinity
    const fresh = points.filter((p) => p[0] > last)
    if (fresh.length > 0) next[name] = thin([...old, ...fresh])
  }
  return next
}

export const live = {
  /** The runs heard of so far. */
  runs(): Record<number, LiveRun> {
    return useLive.getState().runs
  },
  watch(runId: number): void {
    useLive.setState({ watched: runId })
  },
  progress(e: Progress): void {
    patch(e.runId, (r) => ({
      progress: e,
      status: r.status === null || r.status === 'queued' ? 'running' : r.status,
      curves: append(r.curves, {
        [M.batchLoss]: e.points.map((p) => [p.step, p.loss]),
        [M.batchAccuracy]: e.points.map((p) => [p.step, p.acc]),
        [M.batchLr]: e.points.map((p) => [p.step, p.lr]),
      }),
    }))
  },
  epoch(e: EventPayloadOf<'runs:epoch'>): void {
    patch(e.runId, (r) => ({
      curves: append(r.curves, {
        [M.trainLoss]: [[e.step, e.trainLoss]],
        [M.trainAccuracy]: [[e.step, e.trainAcc]],
        ...(e.valLoss === null ? {} : { [M.valLoss]: [[e.step, e.valLoss]] }),
        ...(e.valAcc === null ? {} : { [M.valAccuracy]: [[e.step, e.valAcc]] }),
        [M.lr]: [[e.step, e.lr]],
      }),
    }))
  },
  status(e: EventPayloadOf<'runs:status'>): void {
    // One update, so a subscriber sees the new status and the new serial together.
    useLive.setState((s) => {
      const r = s.runs[e.runId] ?? blank(e.runId)
      return {
        runs: {
          ...s.runs,
          [e.runId]: {
            ...r,
            status: e.status,
            error: e.error,
            backend: e.backend ?? r.backend,
            backendNative: e.backendNative === undefined ? r.backendNative : e.backendNative,
            backendDevice: e.backendDevice === undefined ? r.backendDevice : e.backendDevice,
          },
        },
        statusSerial: s.statusSerial + 1,
      }
    })
  },
  /** Curves loaded from the store (a run opened after it started): merged under the live ones. */
  loaded(runId: number, curves: Record<string, Point[]>): void {
    patch(runId, (r) => {
      const merged: Record<string, Point[]> = { ...curves }
      for (const [name, pts] of Object.entries(r.curves)) {
        const base = merged[name] ?? []
        const last = base.length > 0 ? base[base.length - 1]![0] : -Infinity
        merged[name] = thin([...base, ...pts.filter((p) => p[0] > last)])
      }
      return { curves: merged }
    })
  },
}
