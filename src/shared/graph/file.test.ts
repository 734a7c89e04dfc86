import { describe, expect, it } from 'vitest'
import { parseDesignFile, serializeDesign } from './file'
import { migrations } from './migrations'
import { chain, node } from './testing'
import { DESIGN_VERSION } from './types'

const lenetish = chain([
  node('in', 'input'),
  { ...node('c1', 'conv2d', { filters: 6, kernel: 5 }), label: 'C1', position: { x: 10.5, y: -3 } },
  node('f', 'flatten'),
  node('out', 'output'),
])

describe('design files', () => {
  it('round-trips a design exactly, with a stable key order', () => {
    const text = serializeDesign(lenetish)
    expect(parseDesignFile(text)).toEqual({ ok: true, design: lenetish })
    expect(serializeDesign(JSON.parse(text))).toBe(text)
    expect(Object.keys(JSON.parse(text))).toEqual(['version', 'name', 'nodes', 'edges'])
  })

  it('keeps unknown kinds and out-of-range params, for analyze to report', () => {
    const d = chain([
      node('in', 'input'),
      node('x', 'capsule', { routing: 3 }),
      node('c', 'conv2d', { filters: -1 }),
    ])
    expect(parseDesignFile(serializeDesign(d))).toEqual({ ok: true, design: d })
  })

  it('says so when the JSON is malformed', () => {
    const r = parseDesignFile('{"version": 1, "nodes": [')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/^not a design file: the JSON is malformed/)
  })

  it.each([['[]'], ['42'], ['null'], ['"design"']])(
    'refuses %s, which is not an object',
    (text) => {
      expect(parseDesignFile(text)).toEqual({
        ok: false,
        error: 'not a design file: expected a JSON object with nodes and edges',
      })
    },
  )

  it('refuses a design from a newer version with a clear message', () => {
    const text = JSON.stringify({ ...lenetish, version: DESIGN_VERSION + 2 })
    expect(parseDesignFile(text)).toEqual({
      ok: false,
      error: `this design was saved by a newer Blockwise (file version ${DESIGN_VERSION + 2}; this version reads up to ${DESIGN_VERSION}). Update Blockwise to open it.`,
    })
  })

  it('refuses a version that is not a whole number', () => {
    const r = parseDesignFile(JSON.stringify({ ...lenetish, version: '1' }))
    expect(r).toEqual({ ok: false, error: 'not a design file: version "1" is not a whole number' })
  })

  it('names the field that breaks the schema', () => {
    const bad = { ...lenetish, nodes: [{ ...lenetish.nodes[0], position: { x: 'left' } }] }
    const r = parseDesignFile(JSON.stringify(bad))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/^not a valid design: nodes\.0\.position\.x: /)
  })

  it('migrates a hand-written file without a version', () => {
    const text = JSON.stringify({
      nodes: [
        { id: 'in', kind: 'input' },
        { id: 'f', kind: 'flatten' },
        { id: 'out', kind: 'output', params: { classes: 3 } },
      ],
      edges: [
        { source: 'in', target: 'f' },
        { source: 'f', target: 'out' },
      ],
    })
    const r = parseDesignFile(text)
    expect(r).toEqual({
      ok: true,
      design: {
        version: 1,
        name: 'Untitled',
        nodes: [
          { id: 'in', kind: 'input', params: {}, position: { x: 0, y: 0 } },
          { id: 'f', kind: 'flatten', params: {}, position: { x: 0, y: 100 } },
          { id: 'out', kind: 'output', params: { classes: 3 }, position: { x: 0, y: 200 } },
        ],
        edges: [
          { id: 'e1', source: 'in', target: 'f' },
          { id: 'e2', source: 'f', target: 'out' },
        ],
      },
    })
  })

  it('has one migration per version, numbered in order, ending at the current version', () => {
    expect(migrations.map((m) => m.to)).toEqual(
      Array.from({ length: DESIGN_VERSION }, (_, i) => i + 1),
    )
  })
})
