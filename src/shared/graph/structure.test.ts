import { describe, expect, it } from 'vitest'
import { analyze } from './analyze'
import { chain, design, node } from './testing'
import type { Design, Diagnostic } from './types'

const input = (h = 28, w = h, c = 1) => node('in', 'input', { height: h, width: w, channels: c })
const out = node('out', 'output')
const flat = node('f', 'flatten')

function errors(d: Design): Diagnostic[] {
  return analyze(d).diagnostics.filter((x) => x.severity === 'error')
}

describe('structure and propagation', () => {
  it('reports no path from input to output', () => {
    // Every block has its inputs, but the output hangs off a loop the input never reaches.
    const d = design(
      [input(), node('a', 'activation'), node('b', 'add'), node('c', 'activation'), flat, out],
      [
        ['in', 'a'],
        ['c', 'b', 0],
        ['c', 'b', 1],
        ['b', 'c'],
        ['c', 'f'],
        ['f', 'out'],
      ],
    )
    const codes = errors(d).map((x) => x.code)
    expect(codes).toContain('cycle')
    expect(errors(d)).toContainEqual({
      nodeId: 'out',
      severity: 'error',
      code: 'no-path',
      message: 'no path from input to output',
    })
  })

  it('gives shape null downstream of an error without repeating it', () => {
    const d = chain([
      input(4),
      node('c', 'conv2d', { kernel: 5, padding: 'valid' }),
      node('r', 'activation'),
      node('s', 'stage'),
      flat,
      out,
    ])
    const a = analyze(d)
    expect(a.diagnostics.filter((x) => x.severity === 'error')).toHaveLength(1)
    for (const id of ['c', 'r', 's', 'f', 'out']) expect(a.nodes[id]?.shape).toBeNull()
    expect(a.nodes.in?.shape).toEqual([4, 4, 1])
  })

  it('reports each cycle once, naming its path in design order', () => {
    const d = design(
      [input(), node('a', 'add'), node('b', 'activation'), node('c', 'activation'), flat, out],
      [
        ['in', 'a'],
        ['c', 'a', 1],
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'f'],
        ['f', 'out'],
      ],
    )
    const cycles = errors(d).filter((x) => x.code === 'cycle')
    expect(cycles).toEqual([
      { nodeId: 'a', severity: 'error', code: 'cycle', message: 'cycle through a → b → c → a' },
    ])
    expect(analyze(d).nodes.f?.shape).toBeNull()
  })

  it('warns about a block whose result never reaches the output', () => {
    const d = design(
      [input(), node('side', 'activation'), flat, out],
      [
        ['in', 'side'],
        ['in', 'f'],
        ['f', 'out'],
      ],
    )
    const a = analyze(d)
    expect(a.valid).toBe(true)
    expect(a.diagnostics).toEqual([
      {
        nodeId: 'side',
        severity: 'warning',
        code: 'dead-end',
        message: 'activation: its result never reaches the output',
      },
    ])
  })

  it('warns about params the kind does not have, and ignores them', () => {
    const a = analyze(chain([input(), node('c', 'conv2d', { filter: 8 }), flat, out]))
    expect(a.valid).toBe(true)
    expect(a.diagnostics).toEqual([
      {
        nodeId: 'c',
        severity: 'warning',
        code: 'unknown-param',
        message: "conv2d: unknown param 'filter' is ignored",
      },
    ])
    expect(a.nodes.c?.shape).toEqual([28, 28, 32])
  })

  it('accepts a correct design with no diagnostics at all', () => {
    const a = analyze(chain([input(), node('c', 'conv2d'), node('r', 'activation'), flat, out]))
    expect(a.diagnostics).toEqual([])
    expect(a.valid).toBe(true)
  })

  it('turns a crash inside the analysis into a diagnostic instead of throwing', () => {
    const broken = { version: 1, name: 'broken', nodes: null, edges: [] } as unknown as Design
    const a = analyze(broken)
    expect(a.valid).toBe(false)
    expect(a.diagnostics).toEqual([
      expect.objectContaining({ nodeId: null, code: 'internal-error' }),
    ])
  })
})
