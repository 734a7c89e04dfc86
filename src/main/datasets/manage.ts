import { rm } from 'node:fs/promises'
import type { Store } from '../store'
import { cacheDir } from './cache'
import { DatasetError } from './errors'

/** Deletes an imported dataset: the row first (runs keep their history), then its cache folder. */
export async function deleteDataset(store: Store, home: string, id: string): Promise<void> {
  const row = store.datasets.get(id)
  if (!row) throw new DatasetError('datasets/not-found', `No dataset with id ${id}.`)
  if (row.builtin)
    throw new DatasetError('datasets/builtin', `${row.name} is built in and cannot be deleted.`)
  store.datasets.delete(id)
  await rm(cacheDir(home, id), { recursive: true, force: true })
}
