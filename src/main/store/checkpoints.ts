import type { StoreContext } from './context'
import type { Checkpoint } from './types'

interface CheckpointRow {
  id: number
  run_id: number
  epoch: number
  step: number
  path: string
  val_accuracy: number | null
  is_best: number
  created_at: number
}

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
  id: r.id,
  runId: r.run_id,
  epoch: r.epoch,
  step: r.step,
  path: r.path,
  valAccuracy: r.val_accuracy,
  isBest: r.is_best === 1,
  createdAt: r.created_at,
})

export type Checkpoints = ReturnType<typeof createCheckpoints>

/** Checkpoint files a run wrote (paths under `runs/<id>/`); at most one is marked best. */
export function createCheckpoints(ctx: StoreContext) {
  const { db } = ctx
  return {
    add(c: {
      runId: number
      epoch: number
      step: number
      path: string
      valAccuracy?: number | null
      isBest?: boolean
    }): Checkpoint {
      const row = ctx.write(() => {
        if (c.isBest) db.prepare('UPDATE checkpoints SET is_best = 0 WHERE run_id = ?').run(c.runId)
        return db
          .prepare<unknown[], CheckpointRow>(
            `INSERT INTO checkpoints (run_id, epoch, step, path, val_accuracy, is_best, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          )
          .get(
            c.runId,
            c.epoch,
            c.step,
            c.path,
            c.valAccuracy ?? null,
            c.isBest ? 1 : 0,
            Date.now(),
          )!
      })
      return toCheckpoint(row)
    },
    list(runId: number): Checkpoint[] {
      return db
        .prepare<[number], CheckpointRow>(
          'SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step, id',
        )
        .all(runId)
        .map(toCheckpoint)
    },
    /** The best checkpoint, else the latest. */
    best(runId: number): Checkpoint | undefined {
      const row = db
        .prepare<[number], CheckpointRow>(
          'SELECT * FROM checkpoints WHERE run_id = ? ORDER BY is_best DESC, step DESC, id DESC LIMIT 1',
        )
        .get(runId)
      return row && toCheckpoint(row)
    },
    delete(id: number): boolean {
      return ctx.write(() => db.prepare('DELETE FROM checkpoints WHERE id = ?').run(id).changes > 0)
    },
  }
}
