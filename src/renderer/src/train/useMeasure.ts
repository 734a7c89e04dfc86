import { useCallback, useEffect, useRef, useState } from 'react'
import type { Design } from '../../../shared/graph/types'
import type { ParsedRequestOf, ResponseOf } from '../../../shared/api'
import { api } from '../api'
import { errorText } from './useAsync'

export type Measured = ResponseOf<'runs:forecast'>
export type MeasureRequest = ParsedRequestOf<'runs:forecast'>

export type Measurement =
  | { state: 'idle' }
  | { state: 'measuring' }
  | { state: 'ready'; data: Measured }
  | { state: 'failed'; message: string }
  /** A run trains on this machine: measuring beside it would slow it and give wrong numbers. */
  | { state: 'busy' }

/** Waits for the person to stop typing or dragging before a measurement starts a process. */
const DEBOUNCE_MS = 1200

/** What a measurement depends on: the layers (not where they sit on the canvas), data, batch. */
function keyOf(r: MeasureRequest): string {
  const layers = (d: Design) => ({
    nodes: d.nodes.map(({ id, kind, params }) => ({ id, kind, params })),
    edges: d.edges,
  })
  const h = r.hyperparameters
  return JSON.stringify([layers(r.design), r.datasetId, h.batchSize, h.optimizer, r.backend])
}

async function someRunTraining(): Promise<boolean> {
  const { total } = await api.runs.list({ status: ['running'], limit: 1 })
  return total > 0
}

/**
 * A time per epoch measured by `runs:forecast`: automatically (debounced) when the design,
 * dataset, batch size or backend change, or on `measure()`; never while a run trains here.
 * `request` null: nothing to measure (no dataset, the design does not fit it).
 */
export function useMeasure(
  request: MeasureRequest | null,
  statusSerial: number,
): { measurement: Measurement; measure(): void } {
  // Each result remembers what it measured; one for other layers or data is not shown.
  const [result, setResult] = useState<{ key: string; value: Measurement } | null>(null)
  const latest = useRef(request)
  useEffect(() => {
    latest.current = request
  })
  // Answers to superseded requests are dropped (the service also cancels their probes).
  const ticket = useRef(0)

  const run = useCallback(async (): Promise<void> => {
    const r = latest.current
    const mine = ++ticket.current
    if (r === null) return
    const k = keyOf(r)
    const setMeasurement = (value: Measurement) => setResult({ key: k, value })
    try {
      if (await someRunTraining()) {
        if (mine === ticket.current) setMeasurement({ state: 'busy' })
        return
      }
      if (mine !== ticket.current) return
      setMeasurement({ state: 'measuring' })
      const data = await api.runs.forecast(r)
      if (mine === ticket.current) setMeasurement({ state: 'ready', data })
    } catch (e) {
      if (mine === ticket.current) setMeasurement({ state: 'failed', message: errorText(e) })
    }
  }, [])

  const key = request === null ? null : keyOf(request)
  useEffect(() => {
    ticket.current++
    if (key === null) return
    const timer = setTimeout(() => void run(), DEBOUNCE_MS)
    return () => clearTimeout(timer)
    // A run ending (statusSerial) frees the machine: measure again.
  }, [key, statusSerial, run])

  const measurement: Measurement =
    result !== null && result.key === key ? result.value : { state: 'idle' }
  return { measurement, measure: () => void run() }
}
