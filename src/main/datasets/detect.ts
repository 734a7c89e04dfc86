import { readdir, stat } from 'node:fs/promises'
import { findCifarFiles } from './cifar'
import { DatasetError } from './errors'
import { findIdxFiles } from './idxImport'

export type ImportFormat = 'idx' | 'cifar' | 'folder'

/** Guesses the format of `path` from its file names: IDX pairs, CIFAR batches, else class folders. */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new DatasetError('datasets/not-found', `${path} does not exist.`)
  if (await findIdxFiles(path)) return 'idx'
  if (await findCifarFiles(path)) return 'cifar'
  if (info.isDirectory()) {
    const entries = await readdir(path, { withFileTypes: true })
    if (entries.some((e) => !e.name.startsWith('.') && (e.isDirectory() || e.isSymbolicLink())))
      return 'folder'
    throw new DatasetError(
      'datasets/unknown-format',
      `${path}: no IDX files, CIFAR batches or class sub-folders found.`,
    )
  }
  throw new DatasetError(
    'datasets/unknown-format',
    `${path}: not an IDX or CIFAR file; for images, choose the folder that holds one sub-folder per class.`,
  )
}
