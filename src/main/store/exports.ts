import type { StoreContext } from './context'
import type { ExportRecord } from './types'

interface ExportRow {
  id: number
  run_id: number
  format: string
  path: string
  bytes: number | null
  created_at: number
}

const toExport = (r: ExportRow): ExportRecord => ({
  id: r.id,
  runId: r.run_id,
  format: r.format,
  path: r.path,
  bytes: r.bytes,
  createdAt: r.created_at,
})

export type Exports = ReturnType<typeof createExports>

/** Models written from a run (tfjs, ONNX, PyTorch, Keras). */
export function createExports(ctx: StoreContext) {
  const { db } = ctx
  return {
    add(e: { runId: number; format: string; path: string; bytes?: number | null }): ExportRecord {
      const row = ctx.write(() =>
        db
          .prepare<unknown[], ExportRow>(
            'INSERT INTO exports (run_id, format, path, bytes, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
          )
          .get(e.runId, e.format, e.path, e.bytes ?? null, Date.now())!,
      )
      return toExport(row)
    },
    list(runId?: number): ExportRecord[] {
      const rows =
        runId === undefined
          ? db
              .prepare<[], ExportRow>('SELECT * FROM exports ORDER BY created_at DESC, id DESC')
              .all()
          : db
              .prepare<[number], ExportRow>(
                'SELECT * FROM exports WHERE run_id = ? ORDER BY created_at DESC, id DESC',
              )
              .all(runId)
      return rows.map(toExport)
    },
    delete(id: number): boolean {
      return ctx.write(() => db.prepare('DELETE FROM exports WHERE id = ?').run(id).changes > 0)
    },
  }
}
