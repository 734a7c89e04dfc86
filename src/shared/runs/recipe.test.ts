import { describe, expect, it } from 'vitest'
import { hyperparametersSchema } from '../api/runs'
import { getTemplate, templates } from '../templates'
import {
  BASE_RECIPE,
  defaultRecipe,
  recipeFromStored,
  templateForDesign,
  toHyperparameters,
} from './recipe'
import { plainTwin } from './twin'

describe('recipes', () => {
  it('a template design gets its template’s recipe; CIFAR ResNets: momentum 0.9, wd 1e-4, lr 0.1, multi-step', () => {
    const { recipe, source } = defaultRecipe(getTemplate('cifar-resnet20')!.build())
    expect(source).toBe('ResNet-20 (CIFAR)')
    expect(recipe).toMatchObject({
      optimizer: 'momentum',
      momentum: 0.9,
      weightDecay: 1e-4,
      lr: 0.1,
      schedule: 'multiStep',
      milestones: [82, 123],
      stepGamma: 0.1,
    })
  })

  it('LeNet-5: lr 0.1, batch 64, 10 epochs', () => {
    expect(defaultRecipe(getTemplate('lenet5')!.build()).recipe).toMatchObject({
      lr: 0.1,
      batchSize: 64,
      epochs: 10,
    })
  })

  it('a plain twin keeps its original’s recipe; an unknown design gets the base recipe', () => {
    expect(templateForDesign(plainTwin(getTemplate('cifar-resnet56')!.build()))?.id).toBe(
      'cifar-resnet56',
    )
    expect(defaultRecipe({ name: 'my net' })).toEqual({ recipe: BASE_RECIPE, source: null })
  })

  it('every template’s recipe is a valid runs:start body and survives a round trip through storage', () => {
    for (const t of templates) {
      const { recipe } = defaultRecipe(t.build())
      const hp = toHyperparameters(recipe)
      expect(hyperparametersSchema.safeParse(hp).success, t.id).toBe(true)
      expect(recipeFromStored({ ...hp, backend: 'auto' }), t.id).toEqual({
        ...recipe,
        momentum: hp.momentum ?? recipe.momentum,
        milestones: hp.milestones ?? [],
        stepEvery: hp.stepEvery ?? BASE_RECIPE.stepEvery,
        stepGamma: hp.stepGamma ?? BASE_RECIPE.stepGamma,
      })
    }
  })

  it('plain SGD says momentum 0 (the engine otherwise adds 0.9); limit only when set', () => {
    expect(toHyperparameters({ ...BASE_RECIPE, optimizer: 'sgd' }).momentum).toBe(0)
    expect(toHyperparameters(BASE_RECIPE).limit).toBeUndefined()
    expect(toHyperparameters({ ...BASE_RECIPE, limit: 512 }).limit).toBe(512)
  })

  it('stored junk falls back to the base recipe field by field', () => {
    expect(recipeFromStored({ lr: 'fast', optimizer: 'lion', epochs: 3 })).toEqual({
      ...BASE_RECIPE,
      epochs: 3,
    })
  })
})
