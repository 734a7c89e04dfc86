import { describe, expect, it } from 'vitest'
import { blocks } from './blocks'
import { activation } from './blocks/activation'
import { conv2d } from './blocks/conv2d'
import { group } from './blocks/group'
import { fieldVisible, paramFields } from './fields'

describe('paramFields', () => {
  it('reads bounds, defaults, units and conditions from the conv2d schema', () => {
    const fields = paramFields(conv2d.params)
    expect(fields.map((f) => f.name)).toEqual([
      'filters',
      'kernel',
      'stride',
      'padding',
      'pad',
      'dilation',
      'useBias',
    ])
    expect(fields[0]).toEqual({
      name: 'filters',
      description: 'Output channels: one per learned filter',
      type: 'int',
      default: 32,
      min: 1,
      max: 8192,
    })
    expect(fields[1]).toMatchObject({
      name: 'kernel',
      unit: 'px',
      type: 'int',
      default: 3,
      min: 1,
      max: 31,
    })
    expect(fields[3]).toMatchObject({
      type: 'choice',
      default: 'same',
      options: ['same', 'valid', 'explicit'],
    })
    expect(fields[6]).toMatchObject({ type: 'boolean', default: true })
    const pad = fields[4]!
    expect(fieldVisible(pad, { padding: 'same' })).toBe(false)
    expect(fieldVisible(pad, { padding: 'explicit' })).toBe(true)
  })

  it('gives real numbers and conditional fields for activations', () => {
    const [fn, alpha] = paramFields(activation.params)
    expect(fn).toMatchObject({
      type: 'choice',
      options: ['relu', 'sigmoid', 'tanh', 'elu', 'leakyRelu', 'softmax', 'linear'],
    })
    expect(alpha).toMatchObject({ type: 'number', default: 0.2, min: 0, max: 10 })
    expect(fieldVisible(alpha!, { fn: 'relu' })).toBe(false)
    expect(fieldVisible(alpha!, { fn: 'leakyRelu' })).toBe(true)
  })

  it("marks a group's inside and origin as structure, not form fields", () => {
    expect(paramFields(group.params).map((f) => [f.name, f.type])).toEqual([
      ['nodes', 'structure'],
      ['edges', 'structure'],
      ['origin', 'structure'],
    ])
  })

  it('describes every param of every kind, with defaults matching the spec', () => {
    for (const spec of blocks) {
      for (const field of paramFields(spec.params)) {
        expect(field.description.length, `${spec.kind}.${field.name}`).toBeGreaterThan(3)
        if (field.type !== 'structure') {
          expect(field.default, `${spec.kind}.${field.name}`).toEqual(
            (spec.defaults as Record<string, unknown>)[field.name],
          )
        }
      }
    }
  })
})
