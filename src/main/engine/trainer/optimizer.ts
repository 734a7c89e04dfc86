import * as tf from '@tensorflow/tfjs-core'
import type { TrainSettings } from '../../../shared/training/settings'

/** The optimizer the settings ask for (weight decay is added to the loss, for every optimizer). */
export function createOptimizer(s: TrainSettings): tf.Optimizer {
  switch (s.optimizer) {
    case 'sgd':
      return tf.train.sgd(s.lr)
    case 'momentum':
      return s.momentum > 0 ? tf.train.momentum(s.lr, s.momentum, s.nesterov) : tf.train.sgd(s.lr)
    case 'adam':
      return tf.train.adam(s.lr, s.adamBeta1, s.adamBeta2, s.epsilon)
    case 'rmsprop':
      return tf.train.rmsprop(s.lr, s.rmspropDecay, s.momentum, s.epsilon)
    default:
      return s.optimizer satisfies never
  }
}

/**
 * Changes an optimizer's learning rate in place. SGD and momentum keep it as a tensor
 * (`setLearningRate`); Adam and RMSProp read the number at every step.
 */
export function setLearningRate(opt: tf.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void }
  if (o.learningRate === lr) return
  if (o.setLearningRate) o.setLearningRate(lr)
  else o.learningRate = lr
}
