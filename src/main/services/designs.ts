import type { Store } from '../store'
import { fail } from './errors'
import type { Handlers } from './types'

type DesignHandlers = Pick<
  Handlers,
  'designs:list' | 'designs:get' | 'designs:save' | 'designs:delete' | 'designs:rename'
>

/** Saved designs. Names are unique; saving a new design under a taken name is a CONFLICT, never an overwrite. */
export function designHandlers(store: Store): DesignHandlers {
  const mustGet = (id: number) =>
    store.designs.get(id) ?? fail('NOT_FOUND', `No design with id ${id}.`)
  const assertFree = (name: string, id?: number): void => {
    const other = store.designs.get(name)
    if (other && other.id !== id) fail('CONFLICT', `A design named "${name}" already exists.`)
  }

  return {
    'designs:list': () => store.designs.list(),
    'designs:get': ({ id }) => {
      const { graph, ...summary } = mustGet(id)
      return { ...summary, design: graph }
    },
    'designs:save': ({ id, name, design }) => {
      if (id !== undefined) {
        const existing = mustGet(id)
        assertFree(name, id)
        if (existing.name !== name) store.designs.rename(id, name)
      } else {
        assertFree(name)
      }
      const saved = store.designs.save(name, design)
      return { id: saved.id, updatedAt: saved.updatedAt }
    },
    'designs:delete': ({ id }) => {
      if (!store.designs.delete(id)) fail('NOT_FOUND', `No design with id ${id}.`)
      return { id }
    },
    'designs:rename': ({ id, name }) => {
      mustGet(id)
      assertFree(name, id)
      const renamed = store.designs.rename(id, name)
      return { id: renamed.id, updatedAt: renamed.updatedAt }
    },
  }
}
