import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openStore, type MetricPoint, type Store } from '../src/main/store'
import { measure, median, timeResult } from './measure'
import type { Bench, BenchResult } from './types'

const graph = { version: 1 as const, name: 'bench', nodes: [], edges: [] }
const newRun = (store: Store, i = 0): number =>
  store.runs.create({
    name: `run ${i}`,
    designName: 'LeNet-5',
    graph,
    hyperparameters: { lr: 0.01 },
    datasetId: null,
    status: 'running',
  }).id

/** Metric points of `steps` training steps, four series each (loss, accuracy, lr, images/s). */
function batch(from: number, steps: number): MetricPoint[] {
  const out: MetricPoint[] = []
  for (let s = from; s < from + steps; s++) {
    const t = 1_700_000_000_000 + s
    const epoch = Math.floor(s / 1000)
    out.push({ name: 'loss', step: s, epoch, value: 2 / (1 + s / 500), time: t })
    out.push({ name: 'accuracy', step: s, epoch, value: 1 - 1 / (1 + s / 500), time: t })
    out.push({ name: 'lr', step: s, epoch, value: 0.01, time: t })
    out.push({ name: 'imagesPerSecond', step: s, epoch, value: 3000 + (s % 17), time: t })
  }
  return out
}

/** Points per second writing `total` points in batches of `perBatch`, on a fresh run. */
async function ingest(
  store: Store,
  synchronous: 'NORMAL' | 'FULL',
  perBatch: number,
  total: number,
): Promise<number> {
  const rates: number[] = []
  for (let r = 0; r < 3; r++) {
    const runId = newRun(store, r)
    const batches = Array.from({ length: total / perBatch }, (_, b) =>
      batch((b * perBatch) / 4, perBatch / 4),
    )
    store.db.pragma(`synchronous = ${synchronous}`)
    const start = performance.now()
    for (const points of batches) store.metrics.append(runId, points)
    rates.push(total / ((performance.now() - start) / 1000))
    store.db.pragma('synchronous = NORMAL')
  }
  return median(rates)
}

const bench: Bench = {
  name: 'store',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'blockwise-bench-store-'))
    const store = openStore(join(dir, 'blockwise.db'))
    try {
      const results: BenchResult[] = []
      const normal = await ingest(store, 'NORMAL', 1000, 200_000)
      const full = await ingest(store, 'FULL', 1000, 200_000)
      const fullSmall = await ingest(store, 'FULL', 40, 20_000)
      const normalSmall = await ingest(store, 'NORMAL', 40, 20_000)
      results.push({
        name: 'metric ingest, batches of 1000 points (synchronous=NORMAL, the default)',
        value: Math.round(normal),
        unit: 'points/s',
        samples: 3,
        target: { op: '>=', value: 200_000 },
        detail: `200k points per sample; same batches with synchronous=FULL: ${Math.round(full)} points/s (${(full / normal).toFixed(2)}×)`,
      })
      results.push({
        name: 'metric ingest, batches of 40 points (10 steps × 4 series)',
        value: Math.round(normalSmall),
        unit: 'points/s',
        samples: 3,
        detail: `NORMAL; with FULL: ${Math.round(fullSmall)} points/s (${(fullSmall / normalSmall).toFixed(2)}×) — why FULL is kept for status changes only`,
      })

      // A status change is fsynced (FULL) before it returns.
      const statusRuns = Array.from({ length: 25 }, (_, i) => newRun(store, 1000 + i))
      let k = 0
      const status = await measure(
        () => store.runs.finish(statusRuns[k++]!, { status: 'completed' }),
        { samples: 20, warmup: 5 },
      )
      results.push({
        name: 'run status change (synchronous=FULL, fsynced)',
        value: status.median,
        unit: 'ms',
        samples: 20,
        detail: `min ${status.min.toFixed(2)} max ${status.max.toFixed(2)} ms`,
      })

      // History list over 500 runs with summaries.
      const listDir = mkdtempSync(join(tmpdir(), 'blockwise-bench-list-'))
      const listStore = openStore(join(listDir, 'blockwise.db'))
      for (let i = 0; i < 500; i++) {
        const id = newRun(listStore, i)
        listStore.runs.update(id, {
          bestValAccuracy: ((i * 37) % 100) / 100,
          tags: i % 3 === 0 ? ['sweep'] : [],
          notes: `note ${i}`,
        })
        listStore.runs.finish(id, {
          status: i % 7 === 0 ? 'failed' : 'completed',
          finalMetrics: {
            test: { accuracy: 0.9, loss: 0.3 },
            confusionMatrix: Array.from({ length: 10 }, () => Array(10).fill(1) as number[]),
          },
        })
      }
      results.push(
        await timeResult(
          'runs list over 500 runs: page of 50, sorted by best val accuracy',
          () => listStore.runs.list({ sort: 'bestValAccuracy', limit: 50 }),
          {
            samples: 30,
            warmup: 5,
            target: { op: '<', value: 50 },
          },
        ),
        await timeResult(
          'runs list over 500 runs: text search + tag filter + sort by test accuracy, all rows',
          () =>
            listStore.runs.list({
              search: 'run 1',
              tag: 'sweep',
              sort: 'testAccuracy',
              limit: 500,
            }),
          {
            samples: 30,
            warmup: 5,
            target: { op: '<', value: 50 },
          },
        ),
      )
      listStore.close()
      rmSync(listDir, { recursive: true, force: true })

      // A 100k-point series read and downsampled in the store.
      const seriesRun = newRun(store, 9999)
      for (let s = 0; s < 100_000; s += 1000) {
        store.metrics.append(
          seriesRun,
          Array.from({ length: 1000 }, (_, i) => ({
            name: 'loss',
            step: s + i,
            epoch: 0,
            value: Math.exp(-(s + i) / 30_000) + ((s + i) % 13) / 100,
            time: s + i,
          })),
        )
      }
      // Reference in the same run: what reading the whole series into JavaScript would cost.
      const wholeRead = store.db
        .prepare(
          'SELECT step, epoch, value, time FROM metrics WHERE series_id = (SELECT id FROM metric_series WHERE run_id = ?) ORDER BY step',
        )
        .raw(true)
      const whole = await measure(() => wholeRead.all(seriesRun), { samples: 10, warmup: 2 })
      const down = await measure(() => store.metrics.series(seriesRun, 'loss', 1000), {
        samples: 20,
        warmup: 3,
      })
      results.push({
        name: '100k-point series → 1000 points (downsampled in SQLite)',
        value: down.median,
        unit: 'ms',
        samples: 20,
        target: { op: '<', value: 50 },
        detail: `min ${down.min.toFixed(2)} max ${down.max.toFixed(2)} ms; reading all 100k rows instead: ${whole.median.toFixed(1)} ms (${(whole.median / down.median).toFixed(1)}×)`,
      })
      // Opening runs PRAGMA quick_check, which reads every page: its cost grows with the file.
      const points = store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM metrics').get()!
        .n
      store.close()
      const file = join(dir, 'blockwise.db')
      results.push(
        await timeResult(
          'open the store (quick_check + migrations check)',
          () => openStore(file).close(),
          {
            samples: 5,
            warmup: 1,
            detail: `${(points / 1e6).toFixed(2)} M metric points, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`,
          },
        ),
      )
      return results
    } finally {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default bench
