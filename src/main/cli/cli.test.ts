/** The built `blockwise` command, run as a user runs it (see testing/builtCli.ts). */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { templateSummarySchema } from '../../shared/api/templates'
import { serializeDesign } from '../../shared/graph'
import { getTemplate } from '../../shared/templates'
import { buildCli, lastJson, type BuiltCli } from './testing/builtCli'

let cli: BuiltCli
let files = ''

beforeAll(() => {
  cli = buildCli('cli')
  files = join(cli.root, 'files')
  mkdirSync(files)
}, 180_000)
afterAll(() => cli.remove())

const blockwise = (...args: string[]) => cli.run(args, { cwd: files })

function writeDesign(name: string, text: string): string {
  const path = join(files, name)
  writeFileSync(path, text)
  return path
}

describe('blockwise templates', () => {
  it('prints an aligned table with thousands separators and SI MACs', () => {
    const { status, stdout } = blockwise('templates')
    expect(status).toBe(0)
    expect(stdout).toMatch(/^id\s+name\s+year\s+dataset\s+input\s+output\s+params\s+MACs$/m)
    expect(stdout).toMatch(/^lenet5\s+LeNet-5\s+1998\s+mnist\s+28×28×1\s+10\s+61,706\s+417 K$/m)
    expect(stdout).toMatch(
      /^resnet18\s+ResNet-18\s+2015\s+imagenet\s+224×224×3\s+1000\s+11,689,512\s+1\.81 G$/m,
    )
    expect(stdout).toMatch(/^resnet152\s.*\s60,192,808\s+11\.5 G$/m)
    const rows = stdout.trimEnd().split('\n')
    expect(rows).toHaveLength(2 + 19)
    // Right-aligned numbers: every row ends at the same column.
    expect(new Set(rows.map((r) => r.length)).size).toBe(1)
  })

  it('--json ends with one JSON value listing every template with its totals', () => {
    const { status, stdout } = blockwise('templates', '--json')
    expect(status).toBe(0)
    const list = lastJson(stdout) as {
      id: string
      params: number
      macs: number
      inputShape: number[]
      outputShape: number[]
    }[]
    expect(list).toHaveLength(19)
    expect(list.find((t) => t.id === 'vgg16')).toMatchObject({
      params: 138_357_544,
      inputShape: [224, 224, 3],
      outputShape: [1000],
    })
    expect(list.find((t) => t.id === 'cifar-plain56')).toMatchObject({
      params: 853_018,
      outputShape: [10],
    })
    for (const t of list) expect(t.macs).toBeGreaterThan(0)
    // The same shape the app's templates:list answers with.
    expect(() => templateSummarySchema.array().parse(list)).not.toThrow()
  })
})

describe('blockwise inspect', () => {
  it('reports a template per block with totals, and exits 0', () => {
    const { status, stdout } = blockwise('inspect', 'lenet5')
    expect(status).toBe(0)
    expect(stdout).toMatch(/^LeNet-5 {2}\(template lenet5\)$/m)
    expect(stdout).toMatch(/^id\s+kind\s+output\s+params\s+MACs\s+RF$/m)
    expect(stdout).toMatch(/^c1\s+conv2d\s+28×28×6\s+156\s+118 K\s+5$/m)
    expect(stdout).toMatch(/^c5\s+conv2d\s+1×1×120\s+48,120\s+48\.0 K\s+32$/m) // C5 sees the whole 32×32 of the paper
    expect(stdout).toMatch(/^total\s+10\s+61,706\s+417 K$/m)
    expect(stdout).toContain('no diagnostics')
    expect(stdout.trimEnd().endsWith('valid')).toBe(true)
  })

  it('--layers lists every primitive layer of the composites', () => {
    const { status, stdout } = blockwise('inspect', 'resnet50', '--layers', '--json')
    expect(status).toBe(0)
    const report = lastJson(stdout) as {
      rows: { name: string; kind: string; params: number; origin: string }[]
      totals: { params: number }
    }
    const convs = report.rows.filter((r) => r.kind === 'conv2d')
    expect(convs).toHaveLength(53) // 49 in the blocks + 4 projections, and the stem
    expect(report.rows.reduce((sum, r) => sum + r.params, 0)).toBe(25_557_032)
    expect(report.totals.params).toBe(25_557_032)
    expect(new Set(report.rows.map((r) => r.name)).size).toBe(report.rows.length)
  })

  it('reads a design file saved from a template and agrees with the template', () => {
    const path = writeDesign('vgg11.json', serializeDesign(getTemplate('vgg11')!.build()))
    const { status, stdout } = blockwise('inspect', path, '--json')
    expect(status).toBe(0)
    expect(lastJson(stdout)).toMatchObject({
      name: 'VGG-11',
      source: path,
      valid: true,
      totals: { params: 132_863_336 },
    })
  })

  it('exits 1 on an invalid design and lists its diagnostics', () => {
    const design = {
      version: 1,
      name: 'too small',
      nodes: [
        {
          id: 'in',
          kind: 'input',
          params: { height: 4, width: 4, channels: 1 },
          position: { x: 0, y: 0 },
        },
        {
          id: 'c',
          kind: 'conv2d',
          params: { filters: 8, kernel: 5, padding: 'valid' },
          position: { x: 0, y: 100 },
        },
        { id: 'f', kind: 'flatten', params: {}, position: { x: 0, y: 200 } },
        { id: 'out', kind: 'output', params: { classes: 10 }, position: { x: 0, y: 300 } },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'c' },
        { id: 'e2', source: 'c', target: 'f' },
        { id: 'e3', source: 'f', target: 'out' },
      ],
    }
    const path = writeDesign('small.json', JSON.stringify(design))
    const plain = blockwise('inspect', path)
    expect(plain.status).toBe(1)
    expect(plain.stdout).toMatch(/^error\s+c\s+.*kernel.*\[/m)
    expect(plain.stdout).toContain('INVALID')

    const json = blockwise('inspect', path, '--json')
    expect(json.status).toBe(1)
    const report = lastJson(json.stdout) as {
      valid: boolean
      diagnostics: { nodeId: string; severity: string }[]
    }
    expect(report.valid).toBe(false)
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({ nodeId: 'c', severity: 'error' }),
    )
  })

  it('exits 1 with a clear message on malformed JSON, also as JSON with --json', () => {
    const path = writeDesign('broken.json', '{"version": 1, "nodes": [')
    const plain = blockwise('inspect', path)
    expect(plain.status).toBe(1)
    expect(plain.stderr).toMatch(/broken\.json: not a design file: the JSON is malformed/)
    expect(plain.stderr).not.toMatch(/at .*\.js:\d+/) // a message, not a stack trace

    const json = blockwise('inspect', path, '--json')
    expect(json.status).toBe(1)
    expect(lastJson(json.stdout)).toMatchObject({
      error: { code: 'INVALID_DESIGN', message: expect.stringContaining('malformed') },
    })
  })

  it('exits 1 on a file that is JSON but not a design', () => {
    const path = writeDesign('list.json', '[1, 2, 3]')
    const { status, stderr } = blockwise('inspect', path)
    expect(status).toBe(1)
    expect(stderr).toMatch(/list\.json: not a design file/)
  })

  it('exits 1 on a missing file or unknown template, and on a directory', () => {
    const missing = blockwise('inspect', 'no-such-design.json', '--json')
    expect(missing.status).toBe(1)
    expect(missing.stderr).toMatch(
      /no-such-design\.json: no such file, and no template with that id/,
    )
    expect(lastJson(missing.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } })

    const dir = blockwise('inspect', files)
    expect(dir.status).toBe(1)
    expect(dir.stderr).toMatch(/is a directory/)
  })
})
