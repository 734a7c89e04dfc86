import { describe, expect, it } from 'vitest'
import { analyze } from '../../shared/graph'
import { templates } from '../../shared/templates'
import { layerFields, unitBox } from './geometry'
import { chain } from './testing'

const fieldsOf = (design: Parameters<typeof analyze>[0]) => {
  const a = analyze(design)
  const f = layerFields(a)
  return (name: string) => f.get(a.layers.find((l) => l.name === name)!.id)!
}

describe('receptive fields with offsets', () => {
  it('agrees with the graph core on every spatial layer of every template', () => {
    for (const t of templates) {
      const a = analyze(t.build())
      const fields = layerFields(a)
      const merges = a.layers.some((l) => l.kind === 'add' || l.kind === 'concat')
      for (const l of a.layers) {
        if (l.shape?.length !== 3 || l.receptiveField === null) continue
        const f = fields.get(l.id)!
        expect(f.y.jump, `${t.id} ${l.name}`).toBe(l.cumulativeStride)
        // The graph core takes the larger branch of a merge; the union of the branches is at least that.
        if (merges) expect(f.y.size, `${t.id} ${l.name}`).toBeGreaterThanOrEqual(l.receptiveField)
        else expect(f.y.size, `${t.id} ${l.name}`).toBe(l.receptiveField)
      }
    }
  })

  it("'same' padding: a 5×5 unit at the corner is clipped to the image, the centre one is whole", () => {
    const f = fieldsOf(
      chain('same', [
        ['in', 'input', { height: 8, width: 8, channels: 1 }],
        ['c', 'conv2d', { filters: 2, kernel: 5, padding: 'same' }],
        ['f', 'flatten', {}],
        ['out', 'output', { classes: 2 }],
      ]),
    )('c')
    expect(f.y).toEqual({ start: -2, size: 5, jump: 1 })
    expect(unitBox(f, 0, 0, 8, 8)).toEqual({ top: 0, left: 0, bottom: 2, right: 2 })
    expect(unitBox(f, 7, 7, 8, 8)).toEqual({ top: 5, left: 5, bottom: 7, right: 7 })
    expect(unitBox(f, 3, 4, 8, 8)).toEqual({ top: 1, left: 2, bottom: 5, right: 6 })
  })

  it("strided 'same' padding pads after more than before, as TensorFlow does", () => {
    // in 8, k 3, s 2: out 4, total pad (4-1)·2+3-8 = 1 → 0 before, 1 after.
    const f = fieldsOf(
      chain('s2', [
        ['in', 'input', { height: 8, width: 8, channels: 1 }],
        ['c', 'conv2d', { filters: 1, kernel: 3, stride: 2, padding: 'same' }],
        ['f', 'flatten', {}],
        ['out', 'output', { classes: 2 }],
      ]),
    )('c')
    expect(f.y).toEqual({ start: 0, size: 3, jump: 2 })
    expect(unitBox(f, 3, 3, 8, 8)).toEqual({ top: 6, left: 6, bottom: 7, right: 7 })
  })

  it('stacks valid convs, pooling, explicit and zero padding, and clips on a non-square image', () => {
    const get = fieldsOf(
      chain('stack', [
        ['in', 'input', { height: 12, width: 9, channels: 3 }],
        ['p', 'zeroPad2d', { top: 2, bottom: 0, left: 1, right: 0 }],
        ['c1', 'conv2d', { filters: 2, kernel: 3, padding: 'valid' }],
        ['pool', 'maxPool2d', { pool: 2, stride: 2 }],
        ['c2', 'conv2d', { filters: 2, kernel: 3, padding: 'explicit', pad: 1 }],
        ['f', 'flatten', {}],
        ['out', 'output', { classes: 2 }],
      ]),
    )
    expect(get('c1').y).toEqual({ start: -2, size: 3, jump: 1 })
    expect(get('c1').x).toEqual({ start: -1, size: 3, jump: 1 })
    expect(get('pool').y).toEqual({ start: -2, size: 4, jump: 2 })
    // c2: explicit pad 1 at jump 2 moves the start by 2; kernel 3 at jump 2 adds 4.
    const c2 = get('c2')
    expect(c2.y).toEqual({ start: -4, size: 8, jump: 2 })
    expect(c2.x).toEqual({ start: -3, size: 8, jump: 2 })
    // pool output is 6×4 (from 12×8 after c1 on 14×10): the last unit reaches past the bottom-right.
    expect(unitBox(c2, 5, 3, 12, 9)).toEqual({ top: 6, left: 3, bottom: 11, right: 8 })
    expect(unitBox(c2, 0, 0, 12, 9)).toEqual({ top: 0, left: 0, bottom: 3, right: 4 })
  })
})
