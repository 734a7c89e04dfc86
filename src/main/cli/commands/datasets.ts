import type { Command } from 'commander'
import { DatasetError, ensureBuiltinDatasets } from '../../datasets'
import { databaseFile, dataHome } from '../../home'
import { openStore, StoreError, type DatasetRecord, type Store } from '../../store'
import { CliError, formatInt, formatShape, guarded, printJson, printTable } from '../format'

/**
 * Opens the store in the data directory and registers the built-in datasets. The CLI never
 * marks runs crashed: the app may be training in another process right now.
 */
export async function openDataHome(): Promise<{ store: Store; home: string }> {
  const home = dataHome()
  let store: Store
  try {
    store = openStore(databaseFile(home))
  } catch (error) {
    throw asCliError(error)
  }
  if (store.problem) console.error(`blockwise: ${store.problem}`)
  try {
    await ensureBuiltinDatasets(store, home, {
      onProgress: (p) =>
        p.phase === 'reading' &&
        p.done === 0 &&
        console.error('blockwise: preparing the built-in MNIST dataset (once)…'),
    })
  } catch (error) {
    // Imported datasets stay usable even when the built-in one cannot be prepared.
    console.error(
      `blockwise: the built-in MNIST dataset is unavailable: ${(error as Error).message}`,
    )
  }
  return { store, home }
}

/** Dataset and store errors keep their stable code in `--json` output. */
export function asCliError(error: unknown): unknown {
  return error instanceof DatasetError || error instanceof StoreError
    ? new CliError(error.code, error.message)
    : error
}

/** What `datasets --json` prints per dataset: the record without machine-local paths' noise. */
export function datasetJson(
  d: DatasetRecord,
): Omit<DatasetRecord, 'skipped'> & { skipped: number } {
  return { ...d, skipped: d.skipped.length }
}

/** `blockwise datasets [--json]`: the built-in and imported datasets. */
export function registerDatasets(program: Command): void {
  program
    .command('datasets')
    .description('List datasets: id, name, format, image shape, classes, train and test counts')
    .option('--json', 'print the list as one JSON value')
    .action(
      guarded(async (options: { json?: boolean }) => {
        const { store } = await openDataHome()
        try {
          const rows = store.datasets.list()
          if (options.json) return printJson(rows.map(datasetJson))
          printTable(
            [
              { header: 'id', value: (d: DatasetRecord) => d.id },
              { header: 'name', value: (d) => d.name },
              { header: 'format', value: (d) => d.format },
              { header: 'shape', align: 'right', value: (d) => formatShape(d.shape) },
              { header: 'classes', align: 'right', value: (d) => String(d.classes.length) },
              { header: 'train', align: 'right', value: (d) => formatInt(d.counts.train) },
              { header: 'test', align: 'right', value: (d) => formatInt(d.counts.test) },
              { header: 'source', value: (d) => (d.builtin ? 'built in' : (d.sourcePath ?? '')) },
            ],
            rows,
          )
        } finally {
          store.close()
        }
      }),
    )
}
