import { type Command, InvalidArgumentError } from 'commander'
import { METRICS } from '../../engine'
import { backendSuffix } from '../../../shared/runs/backendLabel'
import type { Store } from '../../store'
import { CliError, formatDuration, formatInt, guarded, printJson, printTable } from '../format'
import { openDataHome } from './datasets'

/** One row per epoch, joined from the epoch series. */
export interface EpochRow {
  epoch: number
  trainLoss: number | null
  trainAcc: number | null
  valLoss: number | null
  valAcc: number | null
  lr: number | null
  imagesPerSec: number | null
}

export function epochRows(store: Store, runId: number): EpochRow[] {
  const byEpoch = new Map<number, EpochRow>()
  const fill = (name: string, key: keyof Omit<EpochRow, 'epoch'>) => {
    for (const p of store.metrics.series(runId, name, 100_000).points) {
      const row = byEpoch.get(p.epoch) ?? {
        epoch: p.epoch,
        trainLoss: null,
        trainAcc: null,
        valLoss: null,
        valAcc: null,
        lr: null,
        imagesPerSec: null,
      }
      row[key] = p.value
      byEpoch.set(p.epoch, row)
    }
  }
  fill(METRICS.trainLoss, 'trainLoss')
  fill(METRICS.trainAccuracy, 'trainAcc')
  fill(METRICS.valLoss, 'valLoss')
  fill(METRICS.valAccuracy, 'valAcc')
  fill(METRICS.lr, 'lr')
  fill(METRICS.imagesPerSec, 'imagesPerSec')
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch)
}

const num = (v: number | null, digits = 4) => (v === null ? '–' : v.toFixed(digits))
const pct = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(2)}%`

/** `blockwise run <id> [--json]`: one run, its recipe, per-epoch metrics and test results. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Show one run: status, recipe, per-epoch metrics, test metrics and checkpoints')
    .argument('<id>', 'run id (see `blockwise runs`)', (v) => {
      const n = Number(v)
      if (!Number.isInteger(n) || n <= 0)
        throw new InvalidArgumentError('a run id is a whole number above 0')
      return n
    })
    .option('--json', 'print the run as one JSON value')
    .action(
      guarded(async (id: number, options: { json?: boolean }) => {
        const { store } = await openDataHome()
        try {
          const run = store.runs.get(id)
          if (!run)
            throw new CliError('RUN_NOT_FOUND', `no run with id ${id} (see \`blockwise runs\`)`)
          const epochs = epochRows(store, id)
          const checkpoints = store.checkpoints.list(id)
          const { graph: _graph, ...summary } = run
          if (options.json)
            return printJson({
              ...summary,
              epochs,
              checkpoints,
              metricNames: store.metrics.names(id),
            })
          console.log(`run ${run.id}  ${run.name}`)
          console.log(`status   ${run.status}${run.error ? ` — ${run.error}` : ''}`)
          console.log(
            `dataset  ${run.datasetName ?? run.datasetId ?? '–'}   backend ${run.backend ?? '–'} ${run.backendVersion ?? ''}${backendSuffix(run.backendNative, run.backendDevice)}`,
          )
          // Without native kernels the detail line says why: the first thing to read when slow.
          if (run.backendDetail !== null && run.backendNative === null)
            console.log(`         ${run.backendDetail}`)
          console.log(`params   ${run.params === null ? '–' : formatInt(run.params)}`)
          if (run.startedAt !== null && run.endedAt !== null)
            console.log(`took     ${formatDuration(run.endedAt - run.startedAt)}`)
          console.log(
            `recipe   ${Object.entries(run.hyperparameters)
              .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
              .join(' ')}\n`,
          )
          if (epochs.length > 0) {
            printTable(
              [
                { header: 'epoch', align: 'right', value: (r: EpochRow) => String(r.epoch) },
                { header: 'train loss', align: 'right', value: (r) => num(r.trainLoss) },
                { header: 'train acc', align: 'right', value: (r) => pct(r.trainAcc) },
                { header: 'val loss', align: 'right', value: (r) => num(r.valLoss) },
                { header: 'val acc', align: 'right', value: (r) => pct(r.valAcc) },
                {
                  header: 'lr',
                  align: 'right',
                  value: (r) => (r.lr === null ? '–' : r.lr.toPrecision(3)),
                },
                {
                  header: 'img/s',
                  align: 'right',
                  value: (r) => (r.imagesPerSec === null ? '–' : formatInt(r.imagesPerSec)),
                },
              ],
              epochs,
            )
          }
          const test = run.finalMetrics?.test
          if (test)
            console.log(
              `\ntest     loss ${num(test.loss ?? null)}  top-1 ${pct(test.accuracy)}  top-5 ${pct(test.top5)}`,
            )
          if (checkpoints.length > 0)
            console.log(
              `checkpoints  ${checkpoints.map((c) => `epoch ${c.epoch}${c.isBest ? ' (best)' : ''}`).join(', ')}`,
            )
        } finally {
          store.close()
        }
      }),
    )
}
