import { durably, writing, type Db } from './connection'
import { StoreError } from './errors'

/** What every table module gets: the connection and its write guards. */
export interface StoreContext {
  db: Db
  readOnly: boolean
  /** Immediate transaction with the default durability. */
  write<T>(fn: () => T): T
  /** Immediate transaction fsynced before it returns (status changes). */
  writeDurably<T>(fn: () => T): T
}

export function createContext(db: Db, readOnly: boolean): StoreContext {
  const guard = (): void => {
    if (readOnly) {
      throw new StoreError(
        'store/read-only',
        'The database is open read-only because it failed its integrity check.',
      )
    }
  }
  return {
    db,
    readOnly,
    write: (fn) => (guard(), writing(db, fn)),
    writeDurably: (fn) => (guard(), durably(db, fn)),
  }
}

/** Parses a JSON column, returning `fallback` for NULL. */
export function fromJson<T>(text: string | null, fallback: T): T {
  return text === null ? fallback : (JSON.parse(text) as T)
}
