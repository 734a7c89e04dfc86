import { describe, expect, it } from 'vitest'
import { analyze } from './analyze'
import { blocks } from './blocks'
import { parseDesignFile, serializeDesign } from './file'
import type { Design, DesignEdge, DesignNode } from './types'

/** A small seeded generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number) {
  let t = seed >>> 0
  const next = () => {
    t = (t + 0x6d2b79f5) >>> 0
    let r = Math.imul(t ^ (t >>> 15), 1 | t)
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!
  return { next, int, pick }
}

const oddValues = [
  0,
  -1,
  1,
  2,
  3,
  7,
  64,
  1e9,
  2.5,
  'same',
  'valid',
  'explicit',
  'relu',
  'bottleneck',
  'zeroPad',
  true,
  null,
  [],
  {},
]

/** A design of random blocks, random connections (cycles, gaps, duplicates) and random params. */
function randomDesign(seed: number): Design {
  const r = random(seed)
  const kinds = [...blocks.map((b) => b.kind), 'mystery']
  const nodes: DesignNode[] = []
  const count = 1 + r.int(12)
  for (let i = 0; i < count; i++) {
    const spec = blocks.find((b) => b.kind === kinds[r.int(kinds.length)])
    const params: Record<string, unknown> = {}
    for (const key of Object.keys(spec?.params.shape ?? {})) {
      if (r.next() < 0.3) params[key] = r.pick(oddValues)
    }
    nodes.push({
      id: `n${r.int(count + 2)}`,
      kind: spec?.kind ?? 'mystery',
      params,
      position: { x: i, y: i },
    })
  }
  const edges: DesignEdge[] = []
  const links = r.int(count * 2)
  for (let i = 0; i < links; i++) {
    edges.push({
      id: `e${i}`,
      source: `n${r.int(count + 2)}`,
      target: `n${r.int(count + 2)}`,
      ...(r.next() < 0.3 ? { targetPort: r.int(3) } : {}),
    })
  }
  return { version: 1, name: `fuzz ${seed}`, nodes, edges }
}

/** A random chain input → blocks with defaults → flatten → output, then 0–2 random mutations. */
function mutatedChain(seed: number): Design {
  const r = random(seed)
  const middle = blocks.filter(
    (b) => b.kind !== 'input' && b.kind !== 'output' && b.kind !== 'group',
  )
  const kinds = [
    'input',
    ...Array.from({ length: r.int(6) }, () => r.pick(middle).kind),
    'flatten',
    'output',
  ]
  const nodes: DesignNode[] = kinds.map((kind, i) => ({
    id: `n${i}`,
    kind,
    params: {},
    position: { x: 0, y: i },
  }))
  const edges: DesignEdge[] = []
  for (let i = 1; i < nodes.length; i++) {
    edges.push({ id: `e${i}`, source: `n${i - 1}`, target: `n${i}` })
    // A merge gets its second input from the block before its first.
    if (kinds[i] === 'add' || kinds[i] === 'concat')
      edges.push({ id: `x${i}`, source: `n${Math.max(0, i - 2)}`, target: `n${i}`, targetPort: 1 })
  }
  for (let m = r.int(3); m > 0; m--) {
    const what = r.int(3)
    if (what === 0 && edges.length > 0) edges.splice(r.int(edges.length), 1)
    else if (what === 1)
      edges.push({ id: `m${m}`, source: r.pick(nodes).id, target: r.pick(nodes).id })
    else {
      const n = r.pick(nodes)
      const keys = Object.keys(blocks.find((b) => b.kind === n.kind)!.params.shape)
      if (keys.length > 0) n.params[r.pick(keys)] = r.pick(oddValues)
    }
  }
  return { version: 1, name: `chain ${seed}`, nodes, edges }
}

describe('random designs', () => {
  it('never make analyze throw, and a valid one is a well-formed graph', () => {
    let valid = 0
    for (let seed = 1; seed <= 1500; seed++) {
      const d = seed % 2 === 0 ? randomDesign(seed) : mutatedChain(seed)
      let a: ReturnType<typeof analyze> | undefined
      expect(() => (a = analyze(d)), `seed ${seed}`).not.toThrow()
      expect(
        a!.diagnostics.some((x) => x.code === 'internal-error'),
        `seed ${seed}`,
      ).toBe(false)
      if (!a!.valid) continue
      valid++
      const seen = new Set<string>()
      for (const n of a!.graph.nodes) {
        for (const i of n.inputs) expect(seen.has(i), `seed ${seed}: ${n.name}`).toBe(true)
        seen.add(n.id)
      }
      expect(a!.outputShape, `seed ${seed}`).not.toBeNull()
      expect(parseDesignFile(serializeDesign(d))).toEqual({ ok: true, design: d })
    }
    // The generator must reach valid designs too, or the second half checks nothing.
    expect(valid).toBeGreaterThan(100)
  })
})
