import {
  examplesPerEpoch,
  forecastEpoch,
  METRIC_NAMES,
  nativeExpected,
  type EpochForecast,
  type Throughput,
} from '../../../shared/runs'
import { api } from '../api'
import { useAsync } from './useAsync'

// A finished run's throughput never changes: ask the store once per run.
const measured = new Map<number, Throughput | null>()

async function pastThroughput(): Promise<Throughput[]> {
  const { runs } = await api.runs.list({
    status: ['completed', 'stopped'],
    sort: 'createdAt',
    order: 'desc',
    limit: 12,
  })
  const out: Throughput[] = []
  for (const r of runs) {
    if (!measured.has(r.id)) {
      const { series } = await api.runs.metrics({
        runId: r.id,
        names: [METRIC_NAMES.imagesPerSec],
        maxPoints: 50,
      })
      const values = (series[0]?.points ?? [])
        .map((p) => p.value)
        .filter((v): v is number => v !== null && v > 0)
      // The first epoch carries warm-up (kernel compilation); the later ones say the steady pace.
      const steady = values.length > 1 ? values.slice(1) : values
      const ips = steady.length > 0 ? steady.reduce((a, b) => a + b, 0) / steady.length : 0
      measured.set(
        r.id,
        r.macs && ips > 0
          ? { macs: r.macs, imagesPerSec: ips, backend: r.backend, nativeKernels: r.backendNative }
          : null,
      )
    }
    const t = measured.get(r.id)
    if (t) out.push(t)
  }
  return out
}

export interface ForecastInput {
  macs: number
  trainCount: number | null
  valFraction: number
  limit: number | null
  /** The backend the run will get (system info's for 'auto'). */
  backend: string | null
  /** Whether the next run will have native kernels, when the server knows (else the last run says). */
  nativeKernels: boolean | null
  /** Bumped when runs end, so new measurements count. */
  serial: number
}

/** Time per epoch from this design's MACs and the throughput past runs measured (null: nothing measured yet). */
export function useForecast(input: ForecastInput): {
  forecast: EpochForecast | null
  examples: number | null
  loading: boolean
} {
  const past = useAsync(pastThroughput, [input.serial])
  const examples =
    input.trainCount === null
      ? null
      : examplesPerEpoch(input.trainCount, input.valFraction, input.limit)
  if (past.state !== 'ready' || examples === null)
    return { forecast: null, examples, loading: past.state === 'loading' }
  // Native kernels or not: the server's probe says, else the last run on this backend.
  const nativeKernels = input.nativeKernels ?? nativeExpected(past.data, input.backend)
  const next = { backend: input.backend, nativeKernels }
  return {
    forecast: forecastEpoch(input.macs, examples, past.data, next),
    examples,
    loading: false,
  }
}
