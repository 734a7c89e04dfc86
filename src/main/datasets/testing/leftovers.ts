import { existsSync, readdirSync } from 'node:fs'
import { expect } from 'vitest'
import type { Store } from '../../store'
import { datasetsRoot } from '../cache'

/** After a failed or cancelled import: no dataset row and nothing under <home>/datasets. */
export function expectNothingLeft(store: Store, home: string, keep: string[] = []): void {
  expect(store.datasets.ids().filter((id) => !keep.includes(id))).toEqual([])
  const root = datasetsRoot(home)
  const left = existsSync(root) ? readdirSync(root).filter((f) => !keep.includes(f)) : []
  expect(left).toEqual([])
}
