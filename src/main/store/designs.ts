import type { StoreContext } from './context'
import { StoreError } from './errors'
import type { DesignGraph, SavedDesign } from './types'

interface DesignRow {
  id: number
  name: string
  graph: string
  created_at: number
  updated_at: number
}

const toDesign = (r: DesignRow): SavedDesign => ({
  id: r.id,
  name: r.name,
  graph: JSON.parse(r.graph) as DesignGraph,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

export type Designs = ReturnType<typeof createDesigns>

/** Saved designs, unique by name. */
export function createDesigns(ctx: StoreContext) {
  const { db } = ctx
  return {
    /** Inserts or replaces the design with this name. */
    save(name: string, graph: DesignGraph): SavedDesign {
      const now = Date.now()
      const row = ctx.write(() =>
        db
          .prepare<[string, string, number, number], DesignRow>(
            `INSERT INTO designs (name, graph, created_at, updated_at)
            VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET graph = excluded.graph, updated_at = excluded.updated_at
            RETURNING *`,
          )
          .get(name, JSON.stringify(graph), now, now)!,
      )
      return toDesign(row)
    },
    get(idOrName: number | string): SavedDesign | undefined {
      const row = db
        .prepare<[number | string], DesignRow>(
          `SELECT * FROM designs WHERE ${typeof idOrName === 'number' ? 'id' : 'name'} = ?`,
        )
        .get(idOrName)
      return row && toDesign(row)
    },
    /** All designs, most recently changed first, without their graphs. */
    list(): Omit<SavedDesign, 'graph'>[] {
      return db
        .prepare<[], Omit<DesignRow, 'graph'>>(
          'SELECT id, name, created_at, updated_at FROM designs ORDER BY updated_at DESC, id DESC',
        )
        .all()
        .map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, updatedAt: r.updated_at }))
    },
    rename(id: number, name: string): SavedDesign {
      ctx.write(() => {
        if (
          db
            .prepare('UPDATE designs SET name = ?, updated_at = ? WHERE id = ?')
            .run(name, Date.now(), id).changes === 0
        ) {
          throw new StoreError('store/not-found', `No design with id ${id}.`)
        }
      })
      return this.get(id)!
    },
    delete(id: number): boolean {
      return ctx.write(() => db.prepare('DELETE FROM designs WHERE id = ?').run(id).changes > 0)
    },
  }
}
