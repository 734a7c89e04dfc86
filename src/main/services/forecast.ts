import type { ErrorCode } from '../../shared/api'
import { EnqueueError, checkRequest } from '../engine/supervisor'
import { ProbeError, type Prober } from '../engine/probe'
import type { Store } from '../store'
import { ApiError, fail } from './errors'
import type { Handlers } from './types'

// The request checks are runs:start's, so a forecast is refused exactly where a run would be.
const REQUEST_CODES: Record<EnqueueError['code'], ErrorCode> = {
  'invalid-design': 'INVALID_DESIGN',
  'invalid-settings': 'BAD_REQUEST',
  'unknown-dataset': 'DATASET_NOT_FOUND',
  'dataset-mismatch': 'INVALID_DESIGN',
}

const PROBE_CODES: Record<ProbeError['kind'], ErrorCode> = {
  compile: 'INVALID_DESIGN',
  dataset: 'INVALID_DESIGN',
  backend: 'BACKEND_UNAVAILABLE',
  crashed: 'BACKEND_UNAVAILABLE',
  timeout: 'BACKEND_UNAVAILABLE',
  exception: 'INTERNAL',
  protocol: 'INTERNAL',
  diverged: 'INTERNAL',
  'resume-refused': 'INTERNAL',
  // A newer request (or closing) took its place: the caller no longer waits for this answer.
  cancelled: 'RUN_STATE',
}

/** `runs:forecast`: a measured time per epoch, from a probe in a trainer process of its own. */
export function forecastHandlers(deps: {
  store: Store
  home: string
  prober: Prober
  builtins: Promise<unknown>
  /** The run training now: a measurement beside it would slow it and measure a shared CPU. */
  activeRunId(): number | null
}): Pick<Handlers, 'runs:forecast'> {
  return {
    'runs:forecast': async ({ design, datasetId, hyperparameters, backend }) => {
      await deps.builtins.catch(() => undefined)
      let checked
      try {
        checked = checkRequest(deps.store, { design, datasetId, hyperparameters, backend })
      } catch (error) {
        if (error instanceof EnqueueError) fail(REQUEST_CODES[error.code], error.message)
        throw error
      }
      const active = deps.activeRunId()
      if (active !== null)
        fail('RUN_STATE', `Run ${active} is training; measuring beside it would slow it down.`)
      try {
        const r = await deps.prober.probe({
          design,
          datasetId: checked.dataset.id,
          home: deps.home,
          settings: checked.settings,
          backend,
        })
        return {
          backend: r.backend.name,
          backendVersion: r.backend.version,
          steps: r.steps,
          msPerStep: r.msPerStep,
          imagesPerSec: r.imagesPerSec,
          stepsPerEpoch: r.stepsPerEpoch,
          msPerEpoch: r.msPerEpoch,
        }
      } catch (error) {
        if (error instanceof ProbeError)
          throw new ApiError(PROBE_CODES[error.kind], `Cannot measure: ${error.message}`)
        throw error
      }
    },
  }
}
