import type { DatasetRecord, Store } from '../store'
import { readMeta } from './cache'
import { hashCacheFolder } from './dataHash'
import { DatasetError } from './errors'

/**
 * The dataset already holding this content, if any. Rows imported before data hashes existed
 * get theirs computed from their cache here, but only those that could match (same shape and
 * class names: the hash covers both), and it is stored so each is read once.
 */
export async function findDuplicate(
  store: Store,
  home: string,
  content: { shape: readonly number[]; classes: readonly string[]; dataHash: string },
): Promise<DatasetRecord | undefined> {
  const known = store.datasets.withDataHash(content.dataHash)[0]
  if (known) return known
  for (const row of store.datasets.withoutDataHash()) {
    if (
      row.shape.join() !== content.shape.join() ||
      JSON.stringify(row.classes) !== JSON.stringify(content.classes)
    )
      continue
    let hash: string
    try {
      hash = await hashCacheFolder(home, await readMeta(home, row.id))
    } catch {
      continue // A missing or damaged cache holds no data to compare with.
    }
    if (!store.readOnly) store.datasets.setDataHash(row.id, hash)
    if (hash === content.dataHash) return row
  }
  return undefined
}

/** "This data is already in Blockwise as “MNIST” (imported 27 Nov 2026)." */
export function duplicateError(existing: DatasetRecord): DatasetError {
  const date = new Date(existing.createdAt).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
  return new DatasetError(
    'datasets/duplicate',
    `This data is already in Blockwise as “${existing.name}” (imported ${date}).`,
    { id: existing.id, name: existing.name, createdAt: existing.createdAt },
  )
}
