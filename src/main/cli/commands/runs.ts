import { type Command, InvalidArgumentError } from 'commander'
import { backendLabel } from '../../../shared/runs/backendLabel'
import type { RunSummary } from '../../store'
import { formatDuration, formatInt, guarded, printJson, printTable } from '../format'
import { openDataHome } from './datasets'

const pct = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(2)}%`
const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
const took = (r: RunSummary) =>
  r.startedAt !== null && r.endedAt !== null
    ? formatDuration(r.endedAt - r.startedAt)
    : r.status === 'running'
      ? 'running'
      : '–'

/** `blockwise runs [--json]`: the run history, newest first. */
export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description(
      'List training runs: id, name, dataset, status, backend, accuracy, when and how long',
    )
    .option(
      '--limit <n>',
      'show at most this many (default 50)',
      (v) => {
        const n = Number(v)
        if (!Number.isInteger(n) || n <= 0 || n > 1000)
          throw new InvalidArgumentError('--limit must be a whole number from 1 to 1000')
        return n
      },
      50,
    )
    .option('--json', 'print the list as one JSON value')
    .action(
      guarded(async (options: { limit: number; json?: boolean }) => {
        const { store } = await openDataHome()
        try {
          const { runs, total } = store.runs.list({ limit: options.limit })
          if (options.json) return printJson({ runs, total })
          if (runs.length === 0)
            return console.log(
              'No runs yet: try `blockwise train lenet5 --dataset mnist --epochs 1`.',
            )
          printTable(
            [
              { header: 'id', align: 'right', value: (r: RunSummary) => String(r.id) },
              { header: 'name', value: (r) => r.name },
              { header: 'dataset', value: (r) => r.datasetName ?? r.datasetId ?? '–' },
              { header: 'status', value: (r) => r.status },
              {
                header: 'backend',
                value: (r) => backendLabel(r.backend, r.backendNative, r.backendDevice) ?? '–',
              },
              {
                header: 'params',
                align: 'right',
                value: (r) => (r.params === null ? '–' : formatInt(r.params)),
              },
              { header: 'best val', align: 'right', value: (r) => pct(r.bestValAccuracy) },
              {
                header: 'test acc',
                align: 'right',
                value: (r) => pct(r.finalMetrics?.test?.accuracy),
              },
              { header: 'created', value: (r) => when(r.createdAt) },
              { header: 'took', align: 'right', value: took },
            ],
            runs,
          )
          if (total > runs.length)
            console.log(`\n${runs.length} of ${total} runs (--limit to see more)`)
        } finally {
          store.close()
        }
      }),
    )
}
