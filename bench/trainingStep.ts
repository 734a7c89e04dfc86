/**
 * One timed training step of a template on random data, as the backend and native benchmarks
 * measure it: the plainest tfjs step (momentum SGD on softmax cross-entropy), timed to the loss
 * read-back.
 */
import * as tf from '@tensorflow/tfjs-core'
import { compile } from '../src/main/engine/compile'
import { expand } from '../src/shared/graph'
import { getTemplate } from '../src/shared/templates'

export interface StepWorkload {
  template: string
  label: string
  batch: number
  shape: [number, number, number]
}

/** The two workloads the training benches measure: LeNet-5 on MNIST, CIFAR ResNet-20. */
export const LENET5: StepWorkload = {
  template: 'lenet5',
  label: 'LeNet-5',
  batch: 64,
  shape: [28, 28, 1],
}
export const RESNET20: StepWorkload = {
  template: 'cifar-resnet20',
  label: 'ResNet-20',
  batch: 128,
  shape: [32, 32, 3],
}

/** A step function returning its milliseconds (throws on a non-finite loss), and its cleanup. */
export function trainingStep(w: StepWorkload): {
  step: () => Promise<number>
  dispose: () => void
} {
  const template = getTemplate(w.template)
  if (template === undefined) throw new Error(`no template ${w.template}`)
  const { model, logits, classes } = compile(expand(template.build()), { seed: 1 })
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable)
  const optimizer = tf.train.momentum(0.01, 0.9)
  const pixels = Float32Array.from({ length: w.batch * w.shape[0] * w.shape[1] * w.shape[2] }, () =>
    Math.random(),
  )
  const labels = Int32Array.from({ length: w.batch }, (_, i) => i % classes)
  const step = async (): Promise<number> => {
    const start = performance.now()
    const x = tf.tensor4d(pixels, [w.batch, ...w.shape])
    const y = tf.tensor1d(labels, 'int32')
    const loss = optimizer.minimize(
      () => {
        const z = logits.apply(x, { training: true }) as tf.Tensor2D
        return tf.losses.softmaxCrossEntropy(tf.oneHot(y, classes), z) as tf.Scalar
      },
      true,
      vars,
    )
    const value = (await loss!.data())[0]
    tf.dispose([x, y, loss!])
    if (value === undefined || !Number.isFinite(value)) throw new Error(`${w.label}: loss ${value}`)
    return performance.now() - start
  }
  return { step, dispose: () => (optimizer.dispose(), model.dispose()) }
}
