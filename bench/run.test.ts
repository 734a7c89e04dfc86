import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const dir = mkdtempSync(join(tmpdir(), 'blockwise-bench-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const bench = (name: string, body: string): void =>
  writeFileSync(
    join(dir, `${name}.bench.ts`),
    `export default { name: '${name}', async run() { ${body} } }\n`,
  )

bench(
  'fast',
  "return [{ name: 'op', value: 2, unit: 'ms', samples: 5, target: { op: '<', value: 5 }, detail: 'x' }]",
)
bench(
  'slow',
  "return [{ name: 'op', value: 9, unit: 'ms', samples: 5, target: { op: '<', value: 5 } }, { name: 'rate', value: 1200, unit: 'images/s', samples: 1 }]",
)
bench('broken', "throw new Error('kaboom')")
bench('nan', "return [{ name: 'op', value: NaN, unit: 'ms', samples: 1 }]")
bench('crash', 'process.exit(3)')
bench('hang', 'while (true) {}')
writeFileSync(join(dir, 'notabench.bench.ts'), 'export default 42\n')

interface Report {
  filters: string[]
  machine: { cpus: { count: number }; node: string }
  benches: { name: string; status: string; error?: string; results: { pass: boolean | null }[] }[]
}

function runHarness(...filters: string[]): {
  status: number | null
  stdout: string
  report: Report
} {
  const out = join(dir, `report-${filters.join('-') || 'all'}.json`)
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench/run.ts'), ...filters],
    {
      cwd: root,
      env: {
        ...process.env,
        BLOCKWISE_BENCH_DIR: dir,
        BLOCKWISE_BENCH_OUT: out,
        BLOCKWISE_BENCH_TIMEOUT_MS: '4000',
      },
      encoding: 'utf8',
    },
  )
  return {
    status: res.status,
    stdout: res.stdout,
    report: JSON.parse(readFileSync(out, 'utf8')) as Report,
  }
}

describe('bench harness', () => {
  it('runs every bench, reports throws, crashes, hangs and missed targets, and exits 1', () => {
    const { status, stdout, report } = runHarness()
    expect(status).toBe(1)
    const byName = Object.fromEntries(report.benches.map((b) => [b.name, b] as const))
    expect(Object.keys(byName).sort()).toEqual([
      'broken',
      'crash',
      'fast',
      'hang',
      'nan',
      'notabench',
      'slow',
    ])
    expect(byName.fast!.status).toBe('ok')
    expect(byName.fast!.results[0]!.pass).toBe(true)
    expect(byName.slow!.results.map((r) => r.pass)).toEqual([false, null])
    expect(byName.broken).toMatchObject({ status: 'error', error: 'kaboom' })
    expect(byName.crash!.error).toBe('process ended (exit code 3) before reporting')
    expect(byName.hang!.error).toBe('timed out after 4 s')
    expect(byName.nan!.error).toMatch(/not a finite number/)
    expect(byName.notabench!.error).toMatch(/does not default-export a Bench/)
    expect(report.machine.cpus.count).toBeGreaterThan(0)
    expect(report.machine.node).toBe(process.version)
    expect(stdout).toMatch(/benchmark\s+measure\s+median\s+unit\s+target\s+pass\/fail\s+detail/)
    expect(stdout).toMatch(/broken\s+—.*FAIL\s+threw: kaboom/)
    expect(stdout).toMatch(/rate\s+1,200\s+images\/s/)
    expect(stdout).toContain('7 benchmarks, 5 failed, 1 results below target')
  })

  it('runs only the benches whose file name matches a filter', () => {
    const { status, report } = runHarness('fast')
    expect(status).toBe(0)
    expect(report.filters).toEqual(['fast'])
    expect(report.benches.map((b) => b.name)).toEqual(['fast'])
  })
})
