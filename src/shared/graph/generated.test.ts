/**
 * Generated inputs (fast-check, seeded): random design-file text and random designs — every
 * kind, params at and past their bounds, random wiring with cycles and dangling ports — through
 * parse and analyze. Each gives a result or diagnostics; none throws. The engine half (compile
 * and a training step) is in src/main/engine/compile/generated.test.ts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyze } from './analyze'
import { blocks } from './blocks'
import { parseDesignFile, serializeDesign } from './file'
import { arbitraryDesign } from './testing/arbitraryDesign'

const SEED = 20261207

describe('generated inputs', () => {
  it('random design-file text parses to a design or an error string, never a throw', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      arbitraryDesign().map((d) => serializeDesign(d)),
      // A valid file cut short or with a byte changed.
      fc
        .tuple(
          arbitraryDesign().map((d) => serializeDesign(d)),
          fc.nat(),
          fc.string({ minLength: 1, maxLength: 1 }),
        )
        .map(([t, at, c]) => {
          const i = at % Math.max(1, t.length)
          return at % 2 === 0 ? t.slice(0, i) : t.slice(0, i) + c + t.slice(i + 1)
        }),
    )
    fc.assert(
      fc.property(text, (t) => {
        const r = parseDesignFile(t)
        if (r.ok) expect(Array.isArray(r.design.nodes)).toBe(true)
        else expect(r.error).toMatch(/\S/)
      }),
      { seed: SEED, numRuns: 400 },
    )
  })

  it('random designs analyse to diagnostics or shapes, never a throw', () => {
    fc.assert(
      fc.property(arbitraryDesign(), (design) => {
        const a = analyze(design)
        if (a.valid) {
          expect(a.inputShape).not.toBeNull()
          expect(a.outputShape).not.toBeNull()
          expect(Number.isFinite(a.totals.params)).toBe(true)
        } else {
          expect(a.diagnostics.some((d) => d.severity === 'error')).toBe(true)
        }
        // No analysis bug leaks out as an internal error.
        expect(a.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([])
        for (const d of a.diagnostics) expect(d.message).toMatch(/\S/)
      }),
      { seed: SEED, numRuns: 400 },
    )
  })

  it('generates every kind, and valid designs as well as broken ones', () => {
    const sample = fc.sample(arbitraryDesign(), { seed: SEED, numRuns: 300 })
    const kinds = new Set(sample.flatMap((d) => d.nodes.map((n) => n.kind)))
    for (const b of blocks) expect(kinds, b.kind).toContain(b.kind)
    const valid = sample.filter((d) => analyze(d).valid).length
    expect(valid).toBeGreaterThan(30)
    expect(valid).toBeLessThan(270)
  })
})
