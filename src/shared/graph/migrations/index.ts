import { migration001 } from './001_versioned'

/** One step of the design file format: turns a file of version `to - 1` into version `to`. */
export interface Migration {
  to: number
  description: string
  up(file: Record<string, unknown>): Record<string, unknown>
}

/** Every migration, oldest first; the last one's `to` is the current version. */
export const migrations: readonly Migration[] = [migration001]

/** Runs the migrations a file of `version` needs, in order. */
export function migrate(file: Record<string, unknown>, version: number): Record<string, unknown> {
  let out = file
  for (const m of migrations) if (m.to > version) out = m.up(out)
  return out
}
