import { createCheckpoints, type Checkpoints } from './checkpoints'
import { openDatabase, type Db, type OpenOptions } from './connection'
import { createContext } from './context'
import { createDatasets, type Datasets } from './datasets'
import { createDesigns, type Designs } from './designs'
import { createExports, type Exports } from './exports'
import { createMetrics, type Metrics } from './metrics'
import { createRuns, type Runs } from './runs'

export interface Store {
  file: string
  /** True when the file failed its integrity check: reads work, writes throw `store/read-only`. */
  readOnly: boolean
  problem?: string
  designs: Designs
  datasets: Datasets
  runs: Runs
  metrics: Metrics
  checkpoints: Checkpoints
  exports: Exports
  /** Copies the whole database to `dest` through SQLite's online backup (safe while writing). */
  backup(dest: string): Promise<void>
  close(): void
  /** The raw connection, for migrations' tests and diagnostics only. */
  db: Db
}

/** Opens (creating and migrating when needed) the Blockwise database at `file`. */
export function openStore(file: string, options: OpenOptions = {}): Store {
  const { db, readOnly, problem } = openDatabase(file, options)
  const ctx = createContext(db, readOnly)
  return {
    file,
    readOnly,
    ...(problem === undefined ? {} : { problem }),
    designs: createDesigns(ctx),
    datasets: createDatasets(ctx),
    runs: createRuns(ctx),
    metrics: createMetrics(ctx),
    checkpoints: createCheckpoints(ctx),
    exports: createExports(ctx),
    async backup(dest) {
      await db.backup(dest)
    },
    close() {
      if (db.open) db.close()
    },
    db,
  }
}

export { openDatabase, SYNCHRONOUS_DEFAULT, type OpenOptions } from './connection'
export { StoreError, type StoreErrorCode } from './errors'
export { LATEST_VERSION } from './migrate'
export type { FinishRun, RunPatch } from './runs'
export * from './types'
