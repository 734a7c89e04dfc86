import { describe, expect, it } from 'vitest'
import { getTemplate, templates } from '../templates'
import { hyperparametersSchema, parseSettings, TRAIN_DEFAULTS } from '../training/settings'
import { defaultRecipe, templateForDesign, toHyperparameters, withOptimizer } from './recipe'
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

  it('GoogLeNet: 0.96 every 8 epochs', () => {
    expect(defaultRecipe(getTemplate('googlenet')!.build()).recipe).toMatchObject({
      schedule: 'step',
      stepEvery: 8,
      stepGamma: 0.96,
    })
  })

  it('a plain twin keeps its original’s recipe; an unknown design gets the defaults', () => {
    expect(templateForDesign(plainTwin(getTemplate('cifar-resnet56')!.build()))?.id).toBe(
      'cifar-resnet56',
    )
    const { recipe, source } = defaultRecipe({ name: 'my net' })
    expect(source).toBeNull()
    expect(recipe).toMatchObject({ ...TRAIN_DEFAULTS, momentum: 0 })
  })

  it('every template’s recipe is a valid runs:start body that the engine stores unchanged', () => {
    for (const t of templates) {
      const { recipe } = defaultRecipe(t.build())
      const hp = toHyperparameters(recipe)
      expect(hyperparametersSchema.safeParse(hp).success, t.id).toBe(true)
      expect(parseSettings({ ...hp, backend: 'auto' }), t.id).toEqual(recipe)
    }
  })

  it('limit travels only when set', () => {
    const { recipe } = defaultRecipe({ name: 'my net' })
    expect('limit' in toHyperparameters(recipe)).toBe(false)
    expect(toHyperparameters({ ...recipe, limit: 512 }).limit).toBe(512)
  })

  it('switching to SGD + momentum from plain SGD brings momentum 0.9; switching back stores 0', () => {
    const plain = defaultRecipe({ name: 'my net' }).recipe
    const heavy = withOptimizer(plain, 'momentum')
    expect(heavy.momentum).toBe(0.9)
    expect(withOptimizer({ ...heavy, momentum: 0.5 }, 'rmsprop').momentum).toBe(0.5)
    expect(withOptimizer(heavy, 'sgd').momentum).toBe(0)
  })
})
