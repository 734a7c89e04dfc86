/**
 * The benchmark harness: `npm run bench [-- <filter> …]`.
 *
 * Runs every `bench/*.bench.ts` (or those whose file name contains a filter) one after another,
 * writes `bench/results/latest.json` and prints a table. Each bench file runs in its own child
 * process, so one that throws, crashes the process (a native abort, out of memory) or hangs
 * past the timeout is reported as failed and the others still run — on a fresh heap, not one
 * warmed or fragmented by the previous bench. Exit status 1 when any bench failed or missed
 * its target.
 *
 * BLOCKWISE_BENCH_DIR and BLOCKWISE_BENCH_OUT point the harness at another folder and report
 * file (the harness's own test uses them); BLOCKWISE_BENCH_TIMEOUT_MS bounds one bench file
 * (default 20 minutes).
 */
import { fork } from 'node:child_process'
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, freemem, platform, arch, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { renderTable } from '../src/main/cli/format'
import type { Bench, BenchResult } from './types'

interface ResultRow extends BenchResult {
  /** null when the result has no target. */
  pass: boolean | null
}

interface BenchReport {
  file: string
  name: string
  status: 'ok' | 'error'
  error?: string
  durationMs: number
  results: ResultRow[]
}

const benchDir = resolve(process.env.BLOCKWISE_BENCH_DIR ?? dirname(fileURLToPath(import.meta.url)))
const outFile = resolve(process.env.BLOCKWISE_BENCH_OUT ?? join(benchDir, 'results', 'latest.json'))
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const timeoutMs = Number(process.env.BLOCKWISE_BENCH_TIMEOUT_MS ?? 20 * 60_000)
/** Set in the child process that runs one bench file. */
const CHILD_ENV = 'BLOCKWISE_BENCH_CHILD'

function discover(): string[] {
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
  if (filters.length === 0) return files
  return files.filter((f) =>
    filters.some((filter) => f.slice(0, -'.bench.ts'.length).includes(filter)),
  )
}

function meetsTarget(value: number, target: NonNullable<BenchResult['target']>): boolean {
  switch (target.op) {
    case '<':
      return value < target.value
    case '<=':
      return value <= target.value
    case '>':
      return value > target.value
    case '>=':
      return value >= target.value
    default: {
      const op: never = target.op
      throw new Error(`unknown target operator ${String(op)}`)
    }
  }
}

function isBench(value: unknown): value is Bench {
  const b = value as Partial<Bench> | null
  return (
    typeof b === 'object' && b !== null && typeof b.name === 'string' && typeof b.run === 'function'
  )
}

/** Checks a result's shape, since a bench file is only type-checked, not validated. */
function checkResult(r: BenchResult): string | null {
  if (typeof r?.name !== 'string') return 'a result has no name'
  if (typeof r.value !== 'number' || !Number.isFinite(r.value))
    return `${r.name}: value ${String(r.value)} is not a finite number`
  if (typeof r.unit !== 'string') return `${r.name}: no unit`
  return null
}

/** Imports and runs one bench file in this process. */
async function runHere(file: string): Promise<BenchReport> {
  const start = performance.now()
  const report: BenchReport = {
    file,
    name: file.replace(/\.bench\.ts$/, ''),
    status: 'ok',
    durationMs: 0,
    results: [],
  }
  try {
    const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as { default?: unknown }
    if (!isBench(mod.default))
      throw new Error(`${file} does not default-export a Bench {name, run}`)
    report.name = mod.default.name
    const results = await mod.default.run()
    if (!Array.isArray(results)) throw new Error('run() did not return an array of results')
    for (const r of results) {
      const problem = checkResult(r)
      if (problem) throw new Error(problem)
      report.results.push({ ...r, pass: r.target ? meetsTarget(r.value, r.target) : null })
    }
  } catch (error) {
    report.status = 'error'
    report.error = error instanceof Error ? error.message : String(error)
  }
  report.durationMs = performance.now() - start
  return report
}

function failed(file: string, error: string, durationMs: number): BenchReport {
  return {
    file,
    name: file.replace(/\.bench\.ts$/, ''),
    status: 'error',
    error,
    durationMs,
    results: [],
  }
}

/**
 * Runs one bench file in a child process (this script again, with the same loader flags) and
 * waits for its report. The child's stdout goes to our stderr so the table stays clean.
 */
function runInChild(file: string): Promise<BenchReport> {
  const start = performance.now()
  return new Promise((resolvePromise) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: process.execArgv,
      env: { ...process.env, [CHILD_ENV]: file },
      stdio: ['ignore', 2, 2, 'ipc'],
    })
    let report: BenchReport | undefined
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('message', (message) => {
      report = message as BenchReport
    })
    child.on('error', (error) => {
      report ??= failed(file, `could not start: ${error.message}`, performance.now() - start)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const elapsed = performance.now() - start
      if (timedOut)
        return resolvePromise(
          failed(file, `timed out after ${Math.round(timeoutMs / 1000)} s`, elapsed),
        )
      if (report) return resolvePromise({ ...report, durationMs: elapsed })
      resolvePromise(
        failed(file, `process ended (${signal ?? `exit code ${code}`}) before reporting`, elapsed),
      )
    })
  })
}

/** Three significant digits, thousands separators for large figures. */
function formatValue(v: number): string {
  const abs = Math.abs(v)
  if (Number.isInteger(v) || abs >= 1000) return Math.round(v).toLocaleString('en-US')
  if (abs >= 100) return v.toFixed(0)
  if (abs >= 10) return v.toFixed(1)
  return v.toPrecision(3)
}

interface TableRow {
  bench: string
  measure: string
  median: string
  unit: string
  target: string
  verdict: string
  detail: string
}

function tableRows(reports: readonly BenchReport[]): TableRow[] {
  return reports.flatMap((rep): TableRow[] => {
    if (rep.status === 'error') {
      return [
        {
          bench: rep.name,
          measure: '—',
          median: '—',
          unit: '',
          target: '',
          verdict: 'FAIL',
          detail: `threw: ${rep.error}`,
        },
      ]
    }
    return rep.results.map((r) => ({
      bench: rep.name,
      measure: r.name,
      median: formatValue(r.value),
      unit: r.unit,
      target: r.target ? `${r.target.op} ${formatValue(r.target.value)}` : '',
      verdict: r.pass === null ? '—' : r.pass ? 'pass' : 'FAIL',
      detail: r.detail ?? '',
    }))
  })
}

async function main(): Promise<void> {
  const files = discover()
  if (files.length === 0) {
    console.error(
      `bench: no *.bench.ts in ${benchDir}${filters.length ? ` matching ${filters.join(', ')}` : ''}`,
    )
    process.exitCode = 1
    return
  }
  const reports: BenchReport[] = []
  for (const file of files) {
    process.stderr.write(`bench: ${file} … `)
    const report = await runInChild(file)
    process.stderr.write(
      `${report.status === 'ok' ? 'done' : 'FAILED'} in ${(report.durationMs / 1000).toFixed(1)} s\n`,
    )
    reports.push(report)
  }

  const cpuList = cpus()
  const machine = {
    cpus: { model: cpuList[0]?.model ?? 'unknown', count: cpuList.length },
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    loadAverage: loadavg(),
    node: process.version,
    platform: platform(),
    arch: arch(),
  }
  mkdirSync(dirname(outFile), { recursive: true })
  writeFileSync(
    outFile,
    `${JSON.stringify({ date: new Date().toISOString(), machine, filters, benches: reports }, null, 2)}\n`,
  )

  console.log(
    `${machine.cpus.count} × ${machine.cpus.model}, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${machine.node}\n`,
  )
  console.log(
    renderTable(
      [
        { header: 'benchmark', value: (r: TableRow) => r.bench },
        { header: 'measure', value: (r) => r.measure },
        { header: 'median', align: 'right', value: (r) => r.median },
        { header: 'unit', value: (r) => r.unit },
        { header: 'target', align: 'right', value: (r) => r.target },
        { header: 'pass/fail', value: (r) => r.verdict },
        { header: 'detail', value: (r) => r.detail },
      ],
      tableRows(reports),
    ),
  )
  const failed = reports.filter((r) => r.status === 'error').length
  const missed = reports.flatMap((r) => r.results).filter((r) => r.pass === false).length
  console.log(
    `\n${reports.length} benchmarks, ${failed} failed, ${missed} results below target → ${outFile}`,
  )
  if (failed > 0 || missed > 0) process.exitCode = 1
}

/** The child side: run one bench, send the report, and exit even if the bench left handles open. */
async function child(file: string): Promise<void> {
  const report = await runHere(file)
  process.send!(report, () => process.exit(0))
}

const childFile = process.env[CHILD_ENV]
if (childFile) await child(childFile)
else await main()
