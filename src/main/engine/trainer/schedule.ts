import type { TrainSettings } from '../../../shared/training/settings'

/**
 * The learning rate at global step `step` (0-based): linear warm-up over `warmupEpochs`, then
 * constant, step decay (×gamma every `stepEvery` epochs or at each milestone) or cosine from `lr` to `minLr`.
 */
export function learningRate(s: TrainSettings, step: number, stepsPerEpoch: number): number {
  const warmupSteps = Math.round(s.warmupEpochs * stepsPerEpoch)
  if (step < warmupSteps) return (s.lr * (step + 1)) / warmupSteps
  const epoch = Math.floor(step / stepsPerEpoch)
  switch (s.schedule) {
    case 'constant':
      return s.lr
    case 'step':
      return s.lr * Math.pow(s.stepGamma, Math.floor(epoch / s.stepEvery))
    case 'multiStep':
      return s.lr * Math.pow(s.stepGamma, s.milestones.filter((m) => epoch >= m).length)
    case 'cosine': {
      const total = Math.max(1, s.epochs * stepsPerEpoch - warmupSteps)
      const t = Math.min(1, (step - warmupSteps) / total)
      return s.minLr + 0.5 * (s.lr - s.minLr) * (1 + Math.cos(Math.PI * t))
    }
    default:
      return s.schedule satisfies never
  }
}
