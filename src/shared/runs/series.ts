/** A stored metric point as the API returns it. */
export interface SeriesPoint {
  step: number
  epoch: number
  value: number | null
}

/** Names of the metric series the engine writes (the store's `metrics.name`). */
export const METRIC_NAMES = {
  batchLoss: 'batch/loss',
  batchAccuracy: 'batch/accuracy',
  batchLr: 'batch/lr',
  trainLoss: 'epoch/train_loss',
  trainAccuracy: 'epoch/train_accuracy',
  valLoss: 'epoch/val_loss',
  valAccuracy: 'epoch/val_accuracy',
  lr: 'epoch/lr',
  imagesPerSec: 'epoch/images_per_sec',
} as const

/**
 * Batches per epoch of a run, from its epoch-end points (step e·B at epoch e), else from the
 * largest step seen in its first epoch; null when nothing says.
 */
export function batchesPerEpoch(
  epochPoints: readonly SeriesPoint[],
  batchPoints: readonly SeriesPoint[] = [],
): number | null {
  const end = epochPoints.find((p) => p.epoch > 0 && p.step > 0)
  if (end) return end.step / end.epoch
  let max = 0
  for (const p of batchPoints) if (p.epoch === 1 && p.step > max) max = p.step
  return max > 0 ? max : null
}

/** `[x, y]` pairs with x in epochs (fractional for batch points), so runs with other batch sizes line up. */
export function onEpochAxis(
  points: readonly SeriesPoint[],
  perEpoch: number | null,
  isEpochSeries: boolean,
): [number, number | null][] {
  if (isEpochSeries) return points.map((p) => [p.epoch, p.value])
  if (perEpoch === null || perEpoch <= 0) return points.map((p) => [p.step, p.value])
  return points.map((p) => [p.step / perEpoch, p.value])
}
