import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { StoreError } from './errors'
import { LATEST_VERSION, migrate } from './migrate'

export type Db = Database.Database

export interface OpenOptions {
  /** Path to a `better_sqlite3.node` built for the running runtime (Electron passes its own). */
  nativeBinding?: string
}

export interface OpenedDatabase {
  db: Db
  /** True when the integrity check failed: the file is left as it is and every write is refused. */
  readOnly: boolean
  /** What went wrong, in words a person can act on, when `readOnly`. */
  problem?: string
}

/**
 * Durability policy. WAL with `synchronous=NORMAL` makes every commit survive a crash of the
 * process (kill -9, out-of-memory); only a power loss can drop the last commits, and metric
 * batches can afford that. Run status changes go through `durably()`, which switches to FULL
 * so the commit is fsynced before it returns (that also syncs every earlier WAL frame).
 */
export const SYNCHRONOUS_DEFAULT = 'NORMAL'
export const BUSY_TIMEOUT_MS = 5000

/**
 * The one place a SQLite connection is opened. Refuses (without writing a byte) a database made
 * by a newer Blockwise, opens a damaged one read-only, applies pragmas and runs migrations.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const base: Database.Options = options.nativeBinding
    ? { nativeBinding: options.nativeBinding }
    : {}
  if (existsSync(file)) {
    // Look first through a read-only connection so a refused file is never modified.
    const probe = new Database(file, { ...base, readonly: true, fileMustExist: true })
    let version: number
    let check: string
    try {
      version = probe.pragma('user_version', { simple: true }) as number
      check = quickCheck(probe)
    } catch (error) {
      probe.close()
      throw new StoreError(
        'store/not-a-database',
        `${file} is not a readable Blockwise database (${(error as Error).message}). It was left untouched.`,
      )
    }
    if (version > LATEST_VERSION) {
      probe.close()
      throw new StoreError(
        'store/newer-version',
        `${file} was written by a newer Blockwise (schema ${version}; this version knows up to ${LATEST_VERSION}). ` +
          'Update Blockwise to open it. The file was left untouched.',
      )
    }
    if (check !== 'ok') {
      probe.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
      probe.pragma('foreign_keys = ON')
      return {
        db: probe,
        readOnly: true,
        problem:
          `The database ${file} failed its integrity check (${check}). It is open read-only and ` +
          'was not changed; make a copy before trying to repair it.',
      }
    }
    probe.close()
  }
  const db = new Database(file, base)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${SYNCHRONOUS_DEFAULT}`)
  db.pragma('foreign_keys = ON')
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  migrate(db)
  return { db, readOnly: false }
}

/** 'ok', or what is wrong; a page too damaged for the check itself counts as a failure too. */
function quickCheck(db: Db): string {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[]
    return rows.map((r) => r.quick_check).join('; ')
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CORRUPT') return (error as Error).message
    throw error
  }
}

/** Runs `fn` in an immediate transaction committed with `synchronous=FULL` (run status changes). */
export function durably<T>(db: Db, fn: () => T): T {
  db.pragma('synchronous = FULL')
  try {
    return db.transaction(fn).immediate()
  } finally {
    db.pragma(`synchronous = ${SYNCHRONOUS_DEFAULT}`)
  }
}

/** Runs `fn` in an immediate transaction (the store's one writer takes the lock up front). */
export function writing<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate()
}
