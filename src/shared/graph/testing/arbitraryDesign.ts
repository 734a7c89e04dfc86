// Test support: random designs for the generated-input suites (fast-check). Imported by tests only.
import fc from 'fast-check'
import { blocks } from '../blocks'
import { paramFields, type ParamField } from '../fields'
import type { Design, DesignEdge, DesignNode } from '../types'

/** A value for one param: mostly small and in range (so some designs train), else at or past the bounds. */
function paramValue(field: ParamField): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom<unknown>('x', null, -1, 1e9, Number.NaN, true)
  switch (field.type) {
    case 'int':
    case 'number': {
      const small = Math.min(field.max, field.min + (field.type === 'int' ? 6 : 1))
      const inRange =
        field.type === 'int'
          ? fc.integer({ min: field.min, max: Math.max(field.min, small) })
          : fc.double({ min: field.min, max: small, noNaN: true })
      const edge = fc.constantFrom(field.min, field.max, field.min - 1, field.max + 1)
      return fc.oneof({ arbitrary: inRange, weight: 40 }, { arbitrary: edge, weight: 2 }, wrong)
    }
    case 'choice':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...field.options), weight: 40 },
        { arbitrary: fc.constant('nope'), weight: 1 },
      )
    case 'boolean':
      return fc.oneof({ arbitrary: fc.boolean(), weight: 40 }, { arbitrary: wrong, weight: 1 })
    case 'structure':
      return fc.constant(undefined)
  }
}

function paramsOf(kind: string): fc.Arbitrary<Record<string, unknown>> {
  const spec = blocks.find((b) => b.kind === kind)!
  const fields = paramFields(spec.params).filter((f) => f.type !== 'structure')
  const entries = fields.map((f) =>
    fc.option(paramValue(f), { nil: undefined, freq: 4 }).map((v) => [f.name, v] as const),
  )
  return fc
    .tuple(...entries)
    .map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)))
}

const MIDDLE = blocks.map((b) => b.kind).filter((k) => k !== 'input' && k !== 'output')

const at = (i: number) => ({ x: 0, y: i * 80 })

/**
 * A design: an input (small images), a chain of up to `maxLayers` blocks of any kind, an output;
 * two-input blocks also take the block before last; then, sometimes, extra edges (back edges make
 * cycles, a missing id dangles) and a lost input or output.
 */
export function arbitraryDesign({
  maxLayers = 6,
}: { maxLayers?: number } = {}): fc.Arbitrary<Design> {
  const inputParams = fc.record({
    height: fc.oneof(
      { arbitrary: fc.integer({ min: 4, max: 12 }), weight: 10 },
      fc.constantFrom(0, 1, 5000),
    ),
    width: fc.oneof(
      { arbitrary: fc.integer({ min: 4, max: 12 }), weight: 10 },
      fc.constantFrom(0, 1),
    ),
    channels: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 10 }, fc.constant(0)),
  })
  const middle = fc.array(
    fc.constantFrom(...MIDDLE).chain((kind) => paramsOf(kind).map((params) => ({ kind, params }))),
    { maxLength: maxLayers },
  )
  const extra = fc.array(
    fc.record({ from: fc.nat(), to: fc.nat(), port: fc.nat({ max: 2 }), ghost: fc.boolean() }),
    { maxLength: 3 },
  )
  const classes = fc.oneof(
    { arbitrary: fc.integer({ min: 2, max: 5 }), weight: 10 },
    fc.constant(0),
  )
  const drop = fc.constantFrom<'none' | 'input' | 'output'>(
    ...Array(18).fill('none'),
    'input',
    'output',
  )
  return fc
    .tuple(inputParams, middle, classes, extra, fc.boolean(), drop, fc.boolean())
    .map(([inParams, chain, outClasses, extras, withExtras, lost, flattenLast]) => {
      // Half end in a flatten, as a classifier must, so that many designs are valid.
      const layers = flattenLast ? [...chain, { kind: 'flatten', params: {} }] : chain
      const nodes: DesignNode[] = [
        { id: 'in', kind: 'input', params: inParams, position: at(0) },
        ...layers.map((l, i) => ({
          id: `n${i}`,
          kind: l.kind,
          params: l.params,
          position: at(i + 1),
        })),
        {
          id: 'out',
          kind: 'output',
          params: { classes: outClasses },
          position: at(layers.length + 1),
        },
      ]
      const edges: DesignEdge[] = []
      for (let i = 1; i < nodes.length; i++) {
        edges.push({ id: `c${i}`, source: nodes[i - 1]!.id, target: nodes[i]!.id })
        const kind = nodes[i]!.kind
        if ((kind === 'add' || kind === 'concat') && i >= 2) {
          edges.push({ id: `b${i}`, source: nodes[i - 2]!.id, target: nodes[i]!.id, targetPort: 1 })
        }
      }
      if (withExtras) {
        extras.forEach((e, k) => {
          const source = nodes[e.from % nodes.length]!.id
          const target = e.ghost ? 'ghost' : nodes[e.to % nodes.length]!.id
          edges.push({ id: `x${k}`, source, target, targetPort: e.port })
        })
      }
      const kept = lost === 'none' ? nodes : nodes.filter((n) => n.kind !== lost)
      return { version: 1, name: 'generated', nodes: kept, edges } satisfies Design
    })
}
