/**
 * History and compare, as far as they run outside a browser: the store's downsampled series, the
 * JSON hop of the transport, the overlay chart's option and an echarts render (SVG, server-side:
 * the app draws on a canvas, which needs a DOM), and the runs table rendered by React to HTML.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type * as EchartsCore from 'echarts/core'
import type { FunctionComponent } from 'react'
import { openStore, type MetricPoint, type Store } from '../src/main/store'
import { timeResult } from './measure'
import type { Bench, BenchResult } from './types'

// React's production build is what the app ships; set before React loads.
process.env.NODE_ENV = 'production'

// Renderer modules load by path, so the Node type-check does not take in DOM and JSX code.
const renderer = (path: string): Promise<unknown> =>
  import(new URL(`../src/renderer/src/${path}`, import.meta.url).href)
interface Metric {
  id: string
}
interface OverlayModule {
  METRICS: readonly Metric[]
  MAX_POINTS: number
  overlayOption(
    runs: unknown[],
    metric: Metric,
    weight: number,
    axis: object,
  ): Record<string, unknown>
}
interface TableProps {
  runs: unknown[]
  sort: string
  order: 'asc' | 'desc'
  onSort(): void
  selected: ReadonlySet<number>
  onToggle(): void
  openId: null
  onOpen(): void
}

const RUNS = 10
const POINTS = 50_000
const graph = { version: 1 as const, name: 'LeNet-5', nodes: [], edges: [] }
const axis = { axisLabel: { color: '#888' }, nameTextStyle: {}, axisLine: {}, splitLine: {} }

function seedCompare(store: Store): number[] {
  const ids: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const id = store.runs.create({
      name: `run ${r}`,
      designName: 'LeNet-5',
      graph,
      hyperparameters: { lr: 0.1 / (r + 1), batchSize: 64 },
      datasetId: null,
      status: 'running',
    }).id
    const perEpoch = POINTS / 50
    for (let from = 0; from < POINTS; from += 5000) {
      const pts: MetricPoint[] = []
      for (let s = from + 1; s <= from + 5000; s++) {
        const epoch = Math.ceil(s / perEpoch)
        const noise = Math.sin(s * 12.9898 + r) * 0.1
        pts.push({
          name: 'batch/loss',
          step: s,
          epoch,
          value: 2.3 / (1 + s / 2000) + noise,
          time: s,
        })
        pts.push({
          name: 'batch/accuracy',
          step: s,
          epoch,
          value: 1 - 0.9 / (1 + s / 2000) + noise / 5,
          time: s,
        })
        if (s % perEpoch === 0) {
          pts.push({
            name: 'epoch/train_loss',
            step: s,
            epoch,
            value: 2.3 / (1 + s / 2000),
            time: s,
          })
          pts.push({
            name: 'epoch/val_accuracy',
            step: s,
            epoch,
            value: 1 - 0.9 / (1 + s / 2000),
            time: s,
          })
        }
      }
      store.metrics.append(id, pts)
    }
    store.runs.finish(id, {
      status: 'completed',
      finalMetrics: { test: { accuracy: 0.9 + r / 100, loss: 0.3 } },
    })
    ids.push(id)
  }
  return ids
}

function seedHistory(store: Store, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = store.runs.create({
      name: `run ${i}`,
      designName: i % 2 ? 'LeNet-5' : 'ResNet-20 (CIFAR)',
      graph,
      hyperparameters: { lr: 0.1 },
      datasetId: null,
      status: 'running',
      params: 61_706 + i,
      macs: 416_520 + i,
    }).id
    store.runs.update(id, {
      bestValAccuracy: ((i * 37) % 100) / 100,
      tags: i % 3 === 0 ? ['sweep'] : [],
      notes: `note ${i}`,
    })
    store.runs.finish(id, {
      status: i % 7 === 0 ? 'diverged' : 'completed',
      ...(i % 7 === 0
        ? { error: 'the loss became NaN' }
        : { finalMetrics: { test: { accuracy: 0.9, loss: 0.3 } } }),
    })
  }
}

const bench: Bench = {
  name: 'history',
  async run() {
    const { createElement } = await import('react')
    // The renderer's .tsx files are compiled here with the classic JSX transform.
    ;(globalThis as Record<string, unknown>).React = await import('react')
    const { renderToString } = await import('react-dom/server')
    const { RunTable } = (await renderer('history/RunTable.tsx')) as {
      RunTable: FunctionComponent<TableProps>
    }
    const { overlayOption, METRICS, MAX_POINTS } = (await renderer(
      'history/overlay.ts',
    )) as OverlayModule
    const { echarts } = (await renderer('charts/echarts.ts')) as { echarts: typeof EchartsCore }
    const { SVGRenderer } = await import('echarts/renderers')
    const { toRunSummary } = await import('../src/main/services/runs')
    echarts.use([SVGRenderer])

    const dir = mkdtempSync(join(tmpdir(), 'blockwise-bench-history-'))
    const store = openStore(join(dir, 'blockwise.db'))
    const results: BenchResult[] = []
    try {
      const ids = seedCompare(store)
      // What the compare view does showing batch loss: each run's detail, then the metric and the
      // epoch-end train loss at MAX_POINTS, over the wire (JSON), then the chart.
      const load = () =>
        ids.map((runId) => {
          const run = toRunSummary(store.runs.get(runId)!)
          const series = ['batch/loss', 'epoch/train_loss'].map((name) =>
            store.metrics.series(runId, name, MAX_POINTS),
          )
          const wire = JSON.parse(JSON.stringify({ run, series })) as {
            run: typeof run
            series: {
              name: string
              points: { step: number; epoch: number; value: number | null }[]
              total: number
            }[]
          }
          return {
            run: { ...wire.run, graph },
            series: Object.fromEntries(wire.series.map((s) => [s.name, s])),
          }
        })
      const draw = (runs: ReturnType<typeof load>, metric: Metric) => {
        const chart = echarts.init(null, null, {
          renderer: 'svg',
          ssr: true,
          width: 1200,
          height: 300,
        })
        chart.setOption(overlayOption(runs, metric, 0.6, axis))
        const svg = chart.renderToSVGString()
        chart.dispose()
        return svg.length
      }
      const batchLoss = METRICS.find((m) => m.id === 'batch/loss')!
      results.push(
        await timeResult(
          `compare ${RUNS} runs × ${POINTS.toLocaleString('en')} points: load (maxPoints 600) + overlay render`,
          () => draw(load(), batchLoss),
          {
            samples: 9,
            warmup: 2,
            target: { op: '<', value: 500 },
            detail:
              'batch loss smoothed 0.6 (no raw lines under more than 3 runs); echarts SVG server-side render',
          },
        ),
      )
      const loaded = load()
      results.push(
        await timeResult('  of which the overlay render alone', () => draw(loaded, batchLoss), {
          samples: 9,
          warmup: 2,
        }),
      )
      results.push(
        await timeResult('  of which loading the series alone', load, { samples: 9, warmup: 2 }),
      )

      const listStore = openStore(join(dir, 'list.db'))
      seedHistory(listStore, 500)
      // The history opens on its first page of 200 runs, newest first; the table as React renders it.
      const open = (limit: number) => {
        const page = listStore.runs.list({ sort: 'createdAt', order: 'desc', limit })
        const runs = JSON.parse(JSON.stringify(page.runs.map(toRunSummary))) as ReturnType<
          typeof toRunSummary
        >[]
        return renderToString(
          createElement(RunTable, {
            runs,
            sort: 'createdAt',
            order: 'desc',
            onSort() {},
            selected: new Set<number>(),
            onToggle() {},
            openId: null,
            onOpen() {},
          }),
        ).length
      }
      results.push(
        await timeResult(
          'history of 500 runs opens: list page of 200 + table render',
          () => open(200),
          {
            samples: 15,
            target: { op: '<', value: 300 },
            detail: 'React renderToString (production build)',
          },
        ),
      )
      results.push(
        await timeResult('history of 500 runs, all 500 rows at once', () => open(500), {
          samples: 9,
          target: { op: '<', value: 300 },
        }),
      )
      listStore.close()
    } finally {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
    return results
  },
}

export default bench
