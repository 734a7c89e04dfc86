/** Why the store refused to open or to write; `code` is stable for the API's error catalogue. */
export type StoreErrorCode =
  | 'store/newer-version'
  | 'store/not-a-database'
  | 'store/read-only'
  | 'store/not-found'
  | 'store/conflict'

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}
