import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { parseDesignFile } from '../../shared/graph'
import { templates } from '../../shared/templates'
import { chain, node } from '../../shared/graph/testing'
import { exportDesign, MAX_PNG_HEIGHT } from './design'
import { miniInception } from './testGraphs'

const dir = mkdtempSync(join(tmpdir(), 'blockwise-design-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('design export', () => {
  it('writes the design file (round-trips), an SVG diagram and a PNG of it', async () => {
    const design = templates.find((t) => t.id === 'cifar-resnet20')?.build()
    if (!design) throw new Error('no template')
    const files = await exportDesign(design, dir)
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'ResNet-20-CIFAR.blockwise.json',
      'ResNet-20-CIFAR.svg',
      'ResNet-20-CIFAR.png',
    ])
    const parsed = parseDesignFile(readFileSync(files[0] ?? '', 'utf8'))
    expect(parsed.ok && parsed.design).toEqual(design)
    const svg = readFileSync(files[1] ?? '', 'utf8')
    expect(svg).toMatch(/^<svg /)
    expect(svg).toContain('3 × basic block, 32 filters /2')
    expect(svg).toContain('8×8×64')
    const meta = await sharp(files[2] ?? '').metadata()
    expect(meta.format).toBe('png')
    expect(meta.width).toBe(920)
  })

  it('draws branches that skip rows as arcs', async () => {
    const design = {
      ...miniInception,
      name: 'skip <&> net',
      edges: [...miniInception.edges, { id: 'skip', source: 'pool1', target: 'pool2' }],
    }
    const [, svgFile] = await exportDesign(design, join(dir, 'skip'))
    const svg = readFileSync(svgFile ?? '', 'utf8')
    expect(svg).toContain('skip &lt;&amp;&gt; net')
    expect(svg).toMatch(/<path d="M60,/)
  })

  it('renders a tall diagram smaller, and one too tall for a PNG as SVG only, saying why', async () => {
    const relus = (n: number) =>
      chain([
        node('in', 'input', { height: 8, width: 8, channels: 1 }),
        ...Array.from({ length: n }, (_, i) => node(`r${i}`, 'activation', { fn: 'relu' })),
        node('flat', 'flatten'),
        node('out', 'output', { classes: 2 }),
      ])
    // 300 rows of 68 px: 20,500 px at 1×, so drawn at about 1.6× instead of 2×.
    const [, , png] = await exportDesign(relus(300), join(dir, 'tall'))
    const meta = await sharp(png).metadata()
    expect(meta.height).toBeLessThanOrEqual(MAX_PNG_HEIGHT)
    expect(meta.height).toBeGreaterThan(20_000)
    const notes: string[] = []
    const files = await exportDesign(relus(1000), join(dir, 'taller'), (m) => notes.push(m))
    expect(files.map((f) => f.slice(f.lastIndexOf('.')))).toEqual(['.json', '.svg'])
    expect(notes).toEqual([
      expect.stringMatching(
        /^the diagram is [\d,]+ pixels tall, too tall for a PNG; the SVG holds it$/,
      ),
    ])
  }, 60_000)
})
