import { describe, expect, it } from 'vitest'
import { analyze, type Design } from '../graph'
import { getTemplate } from '../templates'
import { adaptToDataset } from './adapt'
import { fitProblems, type DatasetShape } from './fit'

const mnist = { shape: [28, 28, 1], classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] }
const cifar = {
  shape: [32, 32, 3],
  classes: [
    'airplane',
    'automobile',
    'bird',
    'cat',
    'deer',
    'dog',
    'frog',
    'horse',
    'ship',
    'truck',
  ],
}
const lenet = () => getTemplate('lenet5')!.build()
const checkFit = (d: Design, data: DatasetShape) => fitProblems(analyze(d), data)

describe('fitProblems', () => {
  it('LeNet-5 fits MNIST', () => {
    expect(checkFit(lenet(), mnist)).toEqual([])
  })

  it('says what differs: input shape and class count', () => {
    const problems = checkFit(lenet(), { shape: [32, 32, 3], classes: ['a', 'b', 'c'] })
    expect(problems.map((p) => p.kind)).toEqual(['input-shape', 'classes'])
    expect(problems[0]!.message).toBe(
      "The design takes 28×28×1 images; this dataset's are 32×32×3.",
    )
    expect(problems[1]!.message).toBe('The design predicts 10 classes; this dataset has 3.')
  })

  it('refuses more outputs than the dataset has classes, as well as fewer', () => {
    const three = { shape: [28, 28, 1], classes: ['a', 'b', 'c'] }
    const problems = fitProblems(analyze(lenet()), { ...three, name: 'Shapes' })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({
      kind: 'classes',
      nodeId: 'output',
      expected: 3,
      actual: 10,
    })
    expect(problems[0]!.message).toBe('The design predicts 10 classes; Shapes has 3.')
  })

  it('an invalid design is reported as such, before any shape', () => {
    const d = lenet()
    d.edges = []
    const problems = checkFit(d, mnist)
    expect(problems).toHaveLength(1)
    expect(problems[0]!.kind).toBe('invalid')
  })
})

describe('adaptToDataset', () => {
  it('makes LeNet-5 take 32×32×3 CIFAR images, and then it fits', () => {
    const r = adaptToDataset(lenet(), cifar)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.changed).toEqual(['input'])
    expect(checkFit(r.design, cifar)).toEqual([])
    expect(analyze(r.design).inputShape).toEqual([32, 32, 3])
  })

  it('changes the class count of the output', () => {
    const r = adaptToDataset(lenet(), { shape: [28, 28, 1], classes: ['yes', 'no'] })
    expect(r.ok && r.changed).toEqual(['output'])
    expect(r.ok && analyze(r.design).outputShape).toEqual([2])
  })

  it('refuses, with the reason, when the design cannot take the new size', () => {
    const r = adaptToDataset(getTemplate('alexnet')!.build(), {
      shape: [8, 8, 1],
      classes: ['a', 'b'],
    })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toMatch(/^Adapted to 8×8×1, the design breaks: /)
  })

  it('refuses a shape that is not height×width×channels', () => {
    const r = adaptToDataset(lenet(), { shape: [784], classes: ['a'] })
    expect(!r.ok && r.error).toBe('A dataset shape must be height×width×channels (got 784).')
  })
})
