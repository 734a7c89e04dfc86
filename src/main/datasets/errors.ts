/** Stable codes for the API's error catalogue; the message says what to do. */
export type DatasetErrorCode =
  | 'datasets/not-found'
  | 'datasets/unknown-format'
  | 'datasets/bad-file'
  | 'datasets/mismatch'
  | 'datasets/empty'
  | 'datasets/name-taken'
  | 'datasets/cancelled'
  | 'datasets/cache-damaged'
  | 'datasets/builtin'
  /** The same decoded content is already stored (`duplicateOf` says which dataset holds it). */
  | 'datasets/duplicate'

/** The dataset an import would have duplicated. */
export interface DuplicateOf {
  id: string
  name: string
  createdAt: number
}

export class DatasetError extends Error {
  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    readonly duplicateOf?: DuplicateOf,
  ) {
    super(message)
    this.name = 'DatasetError'
  }
}

/** Throws `datasets/cancelled` when the import was aborted. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DatasetError('datasets/cancelled', 'The import was cancelled.')
}
