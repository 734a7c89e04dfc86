import type { Command } from 'commander'
import {
  analyze,
  type Analysis,
  type Cost,
  type Diagnostic,
  type Shape,
} from '../../../shared/graph'
import { loadDesign } from '../designSource'
import { formatInt, formatShape, formatSi, guarded, printJson, printTable } from '../format'

/** One row of the report: a top-level block, or with `--layers` one primitive layer. */
export interface InspectRow {
  id: string
  /** The block's label, or the layer's readable name. */
  name: string
  kind: string
  shape: Shape | null
  params: number
  nonTrainableParams: number
  macs: number
  /** Side of the input window one output value sees, in input pixels; null when unknown. */
  receptiveField: number | null
  /** For a primitive layer: the top-level block it belongs to. */
  origin?: string
}

export interface InspectReport {
  name: string
  source: string
  valid: boolean
  inputShape: Shape | null
  outputShape: Shape | null
  totals: Analysis['totals']
  rows: InspectRow[]
  diagnostics: Diagnostic[]
}

const zeroCost: Cost = { params: 0, nonTrainableParams: 0, macs: 0 }

/** The inspect report of a design: per block (or per primitive layer), totals and diagnostics. */
export function inspectReport(ref: string, layers = false): InspectReport {
  const { design, source } = loadDesign(ref)
  const analysis = analyze(design)
  const rows: InspectRow[] = layers
    ? analysis.layers.map((l) => ({
        id: l.id,
        name: l.name,
        kind: l.kind,
        shape: l.shape,
        ...l.cost,
        receptiveField: l.receptiveField,
        origin: l.origin,
      }))
    : design.nodes.map((n) => {
        const info = analysis.nodes[n.id]
        return {
          id: n.id,
          name: n.label ?? n.id,
          kind: n.kind,
          shape: info?.shape ?? null,
          ...(info?.cost ?? zeroCost),
          receptiveField: info?.receptiveField ?? null,
        }
      })
  return {
    name: design.name,
    source,
    valid: analysis.valid,
    inputShape: analysis.inputShape,
    outputShape: analysis.outputShape,
    totals: analysis.totals,
    rows,
    diagnostics: analysis.diagnostics,
  }
}

/** Zero reads better as a dash in a column of counts. */
const count = (n: number): string => (n === 0 ? '–' : formatInt(n))
const macs = (n: number): string => (n === 0 ? '–' : formatSi(n))

function printReport(report: InspectReport, layers: boolean): void {
  console.log(`${report.name}  (${report.source})\n`)
  const showName = report.rows.some((r) => r.name !== r.id)
  printTable(
    [
      { header: 'id', value: (r: InspectRow) => (layers ? r.name : r.id) },
      ...(showName && !layers
        ? [{ header: 'name', value: (r: InspectRow) => (r.name === r.id ? '' : r.name) }]
        : []),
      // A layer's block, for layers inside a composite; a primitive block is its own layer.
      ...(layers
        ? [
            {
              header: 'block',
              value: (r: InspectRow) => (r.origin === r.id ? '' : (r.origin ?? '')),
            },
          ]
        : []),
      { header: 'kind', value: (r) => r.kind },
      { header: 'output', align: 'right', value: (r) => formatShape(r.shape) },
      { header: 'params', align: 'right', value: (r) => count(r.params) },
      { header: 'MACs', align: 'right', value: (r) => macs(r.macs) },
      {
        header: 'RF',
        align: 'right',
        value: (r) => (r.receptiveField === null ? '' : String(r.receptiveField)),
      },
    ],
    report.rows,
    [
      {
        id: 'total',
        name: 'total',
        kind: '',
        shape: report.outputShape,
        ...report.totals,
        receptiveField: null,
      },
    ],
  )
  const t = report.totals
  console.log(
    [
      '',
      `input ${formatShape(report.inputShape)} → output ${formatShape(report.outputShape)}`,
      `params ${formatInt(t.params)} trainable + ${formatInt(t.nonTrainableParams)} non-trainable`,
      `MACs ${formatSi(t.macs)} (${formatInt(t.macs)}) per example`,
      `activations ${formatSi(t.activations)} values per example · depth ${t.depth} weight layers`,
      '',
    ].join('\n'),
  )
  if (report.diagnostics.length === 0) console.log('no diagnostics')
  const where = (d: Diagnostic): string => d.nodeId ?? '(design)'
  const width = Math.max(0, ...report.diagnostics.map((d) => where(d).length))
  for (const d of report.diagnostics) {
    console.log(`${d.severity.padEnd(7)}  ${where(d).padEnd(width)}  ${d.message}  [${d.code}]`)
  }
  console.log(report.valid ? 'valid' : 'INVALID: fix the errors above before training')
}

/** `blockwise inspect <design.json | template id> [--layers] [--json]`. Exit 1 when invalid. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('Shapes, parameters and MACs of a design file or template, with its diagnostics')
    .argument('<design>', 'a design file (.json) or a template id')
    .option('--layers', 'one row per primitive layer (composites expanded) instead of per block')
    .option('--json', 'print the report as one JSON value')
    .action(
      guarded((ref: string, options: { json?: boolean; layers?: boolean }) => {
        const layers = options.layers === true
        const report = inspectReport(ref, layers)
        if (options.json) printJson(report)
        else printReport(report, layers)
        if (!report.valid) process.exitCode = 1
      }),
    )
}
