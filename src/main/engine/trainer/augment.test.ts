import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { augment } from './augment'

const image = () => tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1])

it('flips an image left-right when the coin says so', async () => {
  await tf.setBackend('cpu')
  const out = augment(image(), { cropPadding: 0, flip: true }, () => 0.1)
  expect(Array.from(out.dataSync())).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7])
})

it('crops a padded image at whole-pixel offsets', async () => {
  await tf.setBackend('cpu')
  // rng 0 → offset (0, 0): the top-left 3×3 of the 1-padded 5×5, no flip
  const topLeft = augment(image(), { cropPadding: 1, flip: false }, () => 0)
  expect(Array.from(topLeft.dataSync()).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([
    0, 0, 0, 0, 1, 2, 0, 4, 5,
  ])
  // rng ~1 → offset (2, 2): the bottom-right
  const bottomRight = augment(image(), { cropPadding: 1, flip: false }, () => 0.999)
  expect(Array.from(bottomRight.dataSync()).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([
    5, 6, 0, 8, 9, 0, 0, 0, 0,
  ])
})

it('leaves the batch alone when augmentation is off', () => {
  const x = image()
  expect(augment(x, { cropPadding: 0, flip: false }, Math.random)).toBe(x)
})
