import type { Command } from 'commander'
import { analyze } from '../../../shared/graph'
import type { TemplateSummary } from '../../../shared/api'
import { templates } from '../../../shared/templates'
import { formatInt, formatShape, formatSi, guarded, printJson, printTable } from '../format'

/** Every template with the totals the graph core computes for it. */
export function templateSummaries(): TemplateSummary[] {
  return templates.map((t) => {
    const analysis = analyze(t.build())
    return {
      id: t.id,
      name: t.name,
      year: t.year,
      story: t.story,
      dataset: t.dataset,
      paper: t.paper,
      trainDefaults: t.trainDefaults,
      params: analysis.valid ? analysis.totals.params : null,
      macs: analysis.valid ? analysis.totals.macs : null,
      inputShape: analysis.inputShape ? [...analysis.inputShape] : null,
      outputShape: analysis.outputShape ? [...analysis.outputShape] : null,
    }
  })
}

/** `blockwise templates [--json]`: the classic architectures one can start from. */
export function registerTemplates(program: Command): void {
  program
    .command('templates')
    .description('List the classic architectures: id, name, year, params, MACs, input and output shape')
    .option('--json', 'print the list as one JSON value')
    .action(
      guarded((options: { json?: boolean }) => {
        const rows = templateSummaries()
        if (options.json) return printJson(rows)
        const num = (n: number | null, f: (n: number) => string) => (n === null ? '—' : f(n))
        printTable(
          [
            { header: 'id', value: (r: TemplateSummary) => r.id },
            { header: 'name', value: (r) => r.name },
            { header: 'year', value: (r) => String(r.year) },
            { header: 'dataset', value: (r) => r.dataset },
            { header: 'input', align: 'right', value: (r) => formatShape(r.inputShape) },
            { header: 'output', align: 'right', value: (r) => formatShape(r.outputShape) },
            { header: 'params', align: 'right', value: (r) => num(r.params, formatInt) },
            { header: 'MACs', align: 'right', value: (r) => num(r.macs, (n) => formatSi(n)) },
          ],
          rows,
        )
      }),
    )
}
