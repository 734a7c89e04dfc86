import { hyperparametersSchema, type Hyperparameters } from '../api/runs'
import type { Design } from '../graph/types'
import { isBackendPin, type BackendPin } from '../training/backends'
import { plainTwin } from './twin'

/** What a stored run needs to be started again. */
export interface StoredRun {
  name: string
  graph: Design
  datasetId: string | null
  hyperparameters: Record<string, unknown>
}

export interface StartBody {
  design: Design
  datasetId: string
  hyperparameters: Hyperparameters
  backend: BackendPin
  name: string
}

/**
 * A `runs:start` body that trains a stored run again with the same settings: the stored recipe
 * less the keys the API does not take (the backend travels on its own). With `twin`, the plain
 * twin of its design (same seed, data and schedule — the paired ablation). Null, with the reason,
 * when the run's dataset is gone or the stored recipe no longer parses.
 */
export function rerunBody(
  run: StoredRun,
  opts: { twin?: boolean } = {},
): { ok: true; body: StartBody } | { ok: false; error: string } {
  if (run.datasetId === null) return { ok: false, error: 'Its dataset no longer exists.' }
  const known = Object.keys(hyperparametersSchema.shape)
  const picked = Object.fromEntries(
    Object.entries(run.hyperparameters).filter(
      ([k, v]) => known.includes(k) && v !== null && v !== undefined,
    ),
  )
  const parsed = hyperparametersSchema.safeParse(picked)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      error: `Its stored setting ${issue?.path.join('.') ?? ''} is not valid: ${issue?.message ?? 'unknown'}.`,
    }
  }
  const b = run.hyperparameters.backend
  const design = opts.twin ? plainTwin(run.graph) : run.graph
  const base = run.name.replace(/ \(re-run\)$/, '')
  return {
    ok: true,
    body: {
      design,
      datasetId: run.datasetId,
      hyperparameters: parsed.data,
      backend: isBackendPin(b) ? b : 'auto',
      name: opts.twin ? `${base} (plain twin)` : `${base} (re-run)`,
    },
  }
}
