import type { Command } from 'commander'
import type { TemplateSummary } from '../../../shared/api'
import { templateSummaries } from '../../../shared/templates/summary'
import { formatInt, formatShape, formatSi, guarded, printJson, printTable } from '../format'

/** `blockwise templates [--json]`: the classic architectures one can start from. */
export function registerTemplates(program: Command): void {
  program
    .command('templates')
    .description(
      'List the classic architectures: id, name, year, params, MACs, input and output shape',
    )
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
