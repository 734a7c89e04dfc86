import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, type Store } from '..'
import type { DatasetRecord, NewRun } from '../types'

/** A fresh data directory in the OS temp folder; `cleanup()` removes it. */
export function tempDir(prefix = 'blockwise-store-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A real store on a real file in a temp folder. */
export function tempStore(): { store: Store; dir: string; file: string; cleanup(): void } {
  const { dir, cleanup } = tempDir()
  const file = join(dir, 'blockwise.db')
  const store = openStore(file)
  return {
    store,
    dir,
    file,
    cleanup: () => {
      store.close()
      cleanup()
    },
  }
}

export const tinyGraph: NewRun['graph'] = { version: 1, name: 'tiny', nodes: [], edges: [] }

export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    name: 'run',
    designName: 'LeNet-5',
    graph: tinyGraph,
    hyperparameters: { epochs: 1, batchSize: 32, lr: 0.01 },
    datasetId: null,
    ...overrides,
  }
}

export function fakeDataset(id: string, overrides: Partial<DatasetRecord> = {}): DatasetRecord {
  return {
    id,
    name: id,
    format: 'idx',
    builtin: false,
    shape: [28, 28, 1],
    classes: ['0', '1'],
    counts: { train: 10, test: 2 },
    classCounts: [6, 6],
    sourcePath: null,
    contentHash: 'x',
    dataHash: null,
    mean: [0],
    std: [1],
    cacheDir: `/tmp/${id}`,
    splitSeed: null,
    skipped: [],
    createdAt: Date.now(),
    ...overrides,
  }
}
