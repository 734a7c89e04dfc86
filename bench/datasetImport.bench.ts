/**
 * Peak memory and wall time of IDX and CIFAR imports, streaming (what the app does) against the
 * in-memory decoders they replaced (src/main/datasets/testing/inMemoryDecode.ts), on synthetic
 * sources: IDX of 60,000 and 200,000 28×28 images (and the 60,000 gzip'd), and CIFAR-10's five
 * training batches (50,000 × 3×32×32).
 *
 * Each import runs in a child process of its own (this file, started with
 * BLOCKWISE_DATASET_IMPORT_CASE set), which reports its peak resident set (VmHWM) and its
 * resident set before the import, once its modules are loaded. Both paths write the same cache
 * files into a staging folder through the cache writer; no database row is made.
 */
import { fork } from 'node:child_process'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createGzip } from 'node:zlib'
import { createReadStream, createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { makeStaging } from '../src/main/datasets/cache'
import { CacheWriter, writeDecoded } from '../src/main/datasets/cacheWriter'
import { importCifar } from '../src/main/datasets/cifar'
import { importIdx } from '../src/main/datasets/idxImport'
import { decodeCifarInMemory, decodeIdxInMemory } from '../src/main/datasets/testing/inMemoryDecode'
import { median } from './measure'
import type { Bench, BenchResult } from './types'

const CASE_ENV = 'BLOCKWISE_DATASET_IMPORT_CASE'
const SAMPLES = 3

type Mode = 'stream' | 'memory'
type Format = 'idx' | 'cifar'

interface Case {
  mode: Mode
  format: Format
  path: string
  home: string
}

interface CaseResult {
  /** Peak resident set of the child, MB. */
  peakMB: number
  /** Resident set once the modules were loaded, before the import, MB. */
  baseMB: number
  ms: number
  images: number
}

/** A field of /proc/self/status in MB, e.g. VmHWM (the peak resident set). */
function procStatusMB(field: 'VmHWM' | 'VmRSS'): number {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`))
    if (line) return Number(/(\d+)/.exec(line)![1]) / 1024
  } catch {
    // Not Linux: the kernel's maxRSS below is the peak too.
  }
  return field === 'VmHWM'
    ? process.resourceUsage().maxRSS / 1024
    : process.memoryUsage().rss / 2 ** 20
}

/** In the child: one import, timed, then its figures sent to the parent. */
async function runCase(c: Case): Promise<CaseResult> {
  const baseMB = procStatusMB('VmRSS')
  const staging = await makeStaging(c.home, `bench-${c.mode}`)
  const opts = { seed: 42, testFraction: 0.2, nameHint: 'bench' }
  const start = performance.now()
  let images: number
  if (c.mode === 'stream') {
    const built =
      c.format === 'idx'
        ? await importIdx(c.path, opts, staging)
        : await importCifar(c.path, staging)
    images = built.written.counts.train + built.written.counts.test
  } else {
    const decoded =
      c.format === 'idx' ? await decodeIdxInMemory(c.path, opts) : await decodeCifarInMemory(c.path)
    const writer = await CacheWriter.open(staging, decoded)
    const written = await writeDecoded(writer, decoded)
    images = written.counts.train + written.counts.test
  }
  const ms = performance.now() - start
  rmSync(staging, { recursive: true, force: true })
  return { peakMB: procStatusMB('VmHWM'), baseMB, ms, images }
}

function spawnCase(c: Case): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: process.execArgv,
      env: { ...process.env, [CASE_ENV]: JSON.stringify(c) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    let result: CaseResult | null = null
    child.on('message', (m) => (result = m as CaseResult))
    child.on('error', reject)
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`${c.mode} ${c.path}: child exited ${code}`)),
    )
  })
}

/** A cheap deterministic byte pattern (xorshift), so gzip has something to do. */
function fillPattern(buf: Uint8Array, seed: number): void {
  let x = seed | 1
  for (let i = 0; i < buf.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    // Mostly dark pixels with bright strokes, like digits: compresses about as MNIST does.
    buf[i] = (x & 7) === 0 ? x >>> 24 : 0
  }
}

/** Writes an IDX file of `dims` a few MB at a time; `labels` files get values below 10. */
function writeIdx(path: string, dims: number[], labels = false): void {
  const fd = openSync(path, 'w')
  const header = Buffer.alloc(4 + 4 * dims.length)
  header.writeUInt32BE(0x0800 | dims.length, 0)
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i))
  writeSync(fd, header)
  let left = dims.reduce((a, b) => a * b, 1)
  const chunk = Buffer.alloc(4 << 20)
  for (let seed = 1; left > 0; seed++) {
    const n = Math.min(left, chunk.length)
    const part = chunk.subarray(0, n)
    if (labels) for (let i = 0; i < n; i++) part[i] = (i * 7 + seed) % 10
    else fillPattern(part, seed)
    writeSync(fd, part)
    left -= n
  }
  closeSync(fd)
}

function writeIdxFolder(dir: string, train: number, test: number): string {
  mkdirSync(dir, { recursive: true })
  writeIdx(join(dir, 'train-images-idx3-ubyte'), [train, 28, 28])
  writeIdx(join(dir, 'train-labels-idx1-ubyte'), [train], true)
  writeIdx(join(dir, 't10k-images-idx3-ubyte'), [test, 28, 28])
  writeIdx(join(dir, 't10k-labels-idx1-ubyte'), [test], true)
  return dir
}

async function gzipFolder(from: string, to: string): Promise<string> {
  mkdirSync(to, { recursive: true })
  for (const f of ['train-images', 'train-labels', 't10k-images', 't10k-labels']) {
    const name = `${f}-idx${f.endsWith('images') ? 3 : 1}-ubyte`
    await pipeline(
      createReadStream(join(from, name)),
      createGzip({ level: 6 }),
      createWriteStream(join(to, `${name}.gz`)),
    )
  }
  return to
}

/** CIFAR-10's five training batches of 10,000 records each. */
function writeCifar(dir: string): string {
  mkdirSync(dir, { recursive: true })
  const record = 1 + 3072
  const batch = Buffer.alloc(10_000 * record)
  for (let b = 1; b <= 5; b++) {
    fillPattern(batch, b)
    for (let r = 0; r < 10_000; r++) batch[r * record] = (r + b) % 10
    const fd = openSync(join(dir, `data_batch_${b}.bin`), 'w')
    writeSync(fd, batch)
    closeSync(fd)
  }
  return dir
}

const bench: Bench = {
  name: 'datasetImport',
  async run() {
    const root = mkdtempSync(join(tmpdir(), 'blockwise-bench-import-'))
    const results: BenchResult[] = []
    try {
      const idx60 = writeIdxFolder(join(root, 'idx-60k'), 60_000, 10_000)
      const sources: { label: string; format: Format; path: string }[] = [
        { label: 'IDX 60,000+10,000 × 28×28', format: 'idx', path: idx60 },
        {
          label: 'IDX 60,000+10,000 × 28×28, gzip',
          format: 'idx',
          path: await gzipFolder(idx60, join(root, 'idx-60k-gz')),
        },
        {
          label: 'IDX 200,000+10,000 × 28×28',
          format: 'idx',
          path: writeIdxFolder(join(root, 'idx-200k'), 200_000, 10_000),
        },
        {
          label: 'CIFAR-10 5 batches, 50,000 × 32×32×3',
          format: 'cifar',
          path: writeCifar(join(root, 'cifar-10')),
        },
      ]
      const home = join(root, 'home')
      const peaks: Record<Mode, number[]> = { stream: [], memory: [] }
      for (const s of sources) {
        const runs: Record<Mode, CaseResult[]> = { stream: [], memory: [] }
        // Alternate the modes so both see the same machine load.
        for (let i = 0; i < SAMPLES; i++)
          for (const mode of ['memory', 'stream'] as const)
            runs[mode].push(await spawnCase({ mode, format: s.format, path: s.path, home }))
        const peak = (m: Mode): number => median(runs[m].map((r) => r.peakMB))
        const time = (m: Mode): number => median(runs[m].map((r) => r.ms))
        const base = median(runs.stream.map((r) => r.baseMB))
        const images = runs.stream[0]!.images
        peaks.stream.push(peak('stream'))
        peaks.memory.push(peak('memory'))
        results.push(
          {
            name: `peak RSS, ${s.label}, streaming`,
            value: Math.round(peak('stream')),
            unit: 'MB',
            samples: SAMPLES,
            detail: `in memory (before): ${Math.round(peak('memory'))} MB, ${(peak('memory') / peak('stream')).toFixed(1)}× more; process before importing: ${Math.round(base)} MB`,
          },
          {
            name: `peak RSS, ${s.label}, in memory (before)`,
            value: Math.round(peak('memory')),
            unit: 'MB',
            samples: SAMPLES,
          },
          {
            name: `import time, ${s.label}, streaming`,
            value: Math.round(time('stream')),
            unit: 'ms',
            samples: SAMPLES,
            detail: `in memory (before): ${Math.round(time('memory'))} ms; ${images.toLocaleString('en-US')} images`,
          },
        )
      }
      // Sources 0 and 2: the same layout with 70,000 and 210,000 images.
      results.push({
        name: 'peak RSS growth from 70,000 to 210,000 IDX images, streaming',
        value: Math.round(peaks.stream[2]! - peaks.stream[0]!),
        unit: 'MB',
        samples: SAMPLES,
        target: { op: '<', value: 20 },
        detail: `in memory (before): grew by ${Math.round(peaks.memory[2]! - peaks.memory[0]!)} MB`,
      })
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
    return results
  },
}

export default bench

const caseJson = process.env[CASE_ENV]
if (caseJson) {
  runCase(JSON.parse(caseJson) as Case).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
