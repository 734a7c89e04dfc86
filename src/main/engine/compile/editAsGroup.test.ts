import '@tensorflow/tfjs-backend-cpu'
import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../../shared/graph'
import { editAsGroup, isEditableKind } from '../../../shared/graph/editAsGroup'
import type { Design, DesignNode } from '../../../shared/graph/types'
import { getTemplate } from '../../../shared/templates'
import { compile, countParams } from './compile'

/** Every composite edited as a group, down to the residual blocks inside the stages. */
function convertAll(nodes: readonly DesignNode[]): DesignNode[] {
  return nodes.map((n) => {
    if (!isEditableKind(n.kind)) return n
    const r = editAsGroup(n)
    if (!r.ok) throw new Error(r.reason)
    const inner = convertAll(r.node.params.nodes as DesignNode[])
    return { ...r.node, params: { ...r.node.params, nodes: inner } }
  })
}

// The editor's "Edit as group" must not change what trains: the compiled model of a fully
// converted ResNet-20 has the original's parameters and output shape.
describe('a design edited as groups compiles to the same model', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })

  it('ResNet-20 (CIFAR)', () => {
    const original = getTemplate('cifar-resnet20')!.build()
    const converted: Design = { ...original, nodes: convertAll(original.nodes) }
    expect(converted.nodes.some((n) => n.kind === 'stage')).toBe(false)
    const before = analyze(original)
    const after = analyze(converted)
    expect(after.valid).toBe(true)
    const compiled = [compile(before.graph).model, compile(after.graph).model]
    try {
      const [a, b] = compiled.map((m) => countParams(m))
      expect(b).toEqual(a)
      expect(b).toEqual({ params: 269_722, nonTrainableParams: after.totals.nonTrainableParams })
      expect(compiled[1]!.outputs[0]!.shape).toEqual(compiled[0]!.outputs[0]!.shape)
      expect(compiled[1]!.layers.length).toBe(compiled[0]!.layers.length)
    } finally {
      for (const m of compiled) m.dispose()
    }
  })
})
