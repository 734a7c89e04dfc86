import type Database from 'better-sqlite3'
import { initial } from './001_initial'
import { dataHash } from './002_data_hash'
import { backendNative } from './003_backend_native'
import { backendDevice } from './004_backend_device'

export interface Migration {
  version: number
  name: string
  up(db: Database.Database): void
}

/** Every schema change in order; `version` equals the position (1-based). Never edit a shipped one. */
export const migrations: readonly Migration[] = [initial, dataHash, backendNative, backendDevice]

migrations.forEach((m, i) => {
  if (m.version !== i + 1)
    throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`)
})
