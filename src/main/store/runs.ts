import type { StoreContext } from './context'
import { StoreError } from './errors'
import {
  encodeFinal,
  FROM,
  RUN_COLUMNS,
  SORT_SQL,
  SUMMARY_COLUMNS,
  toSummary,
  type RunRow,
} from './runRows'
import {
  FinalMetricsSchema,
  NewRunSchema,
  RunQuerySchema,
  RunStatusSchema,
  type FinalMetrics,
  type NewRun,
  type Run,
  type RunPage,
  type RunQuery,
  type RunStatus,
  type RunSummary,
} from './types'

/** The backend a run got when it started (see `BackendInfo`). */
export interface RunningOn {
  backend: string
  backendVersion: string
  backendNative?: string | null
  backendDetail?: string | null
  backendDevice?: string | null
}

export interface FinishRun {
  status: Exclude<RunStatus, 'queued' | 'running'>
  error?: string | null
  finalMetrics?: FinalMetrics | null
}

export interface RunPatch {
  name?: string
  tags?: string[]
  notes?: string
  params?: number | null
  macs?: number | null
  bestValAccuracy?: number | null
  finalMetrics?: FinalMetrics | null
  queuePosition?: number | null
}

export type Runs = ReturnType<typeof createRuns>

/** The runs table: creation, status changes (fsynced), the history list and one run. */
export function createRuns(ctx: StoreContext) {
  const { db } = ctx
  const selectOne = db.prepare<[number], RunRow>(
    `SELECT ${RUN_COLUMNS}, r.graph ${FROM} WHERE r.id = ?`,
  )
  const insert =
    db.prepare(`INSERT INTO runs (name, design_name, graph, hyperparameters, dataset_id,
      backend, backend_version, status, created_at, started_at, params, macs, tags, notes, queue_position)
    VALUES (@name, @designName, @graph, @hyperparameters, @datasetId, @backend, @backendVersion, @status,
      @createdAt, @startedAt, @params, @macs, @tags, @notes, @queuePosition)`)
  const nextQueue = db.prepare<[], { q: number | null }>(
    "SELECT max(queue_position) AS q FROM runs WHERE status = 'queued'",
  )

  const get = (id: number): Run | undefined => {
    const row = selectOne.get(id)
    if (!row) return undefined
    return { ...toSummary(row), graph: JSON.parse(row.graph ?? 'null') as Run['graph'] }
  }
  const mustGet = (id: number): Run => {
    const run = get(id)
    if (!run) throw new StoreError('store/not-found', `No run with id ${id}.`)
    return run
  }

  return {
    /** Records a new run (queued by default, with the next queue position). */
    create(input: NewRun): Run {
      const run = NewRunSchema.parse(input)
      const status = run.status ?? 'queued'
      const now = Date.now()
      const id = ctx.writeDurably(() => {
        const queuePosition = status === 'queued' ? (nextQueue.get()?.q ?? 0) + 1 : null
        return insert.run({
          name: run.name,
          designName: run.designName,
          graph: JSON.stringify(run.graph),
          hyperparameters: JSON.stringify(run.hyperparameters),
          datasetId: run.datasetId,
          backend: run.backend ?? null,
          backendVersion: run.backendVersion ?? null,
          status,
          createdAt: now,
          startedAt: status === 'running' ? now : null,
          params: run.params ?? null,
          macs: run.macs ?? null,
          tags: JSON.stringify(run.tags ?? []),
          notes: run.notes ?? '',
          queuePosition,
        }).lastInsertRowid
      })
      return mustGet(Number(id))
    },

    get,

    /** The history list: filtered, sorted by any column (NULLs last), one page. */
    list(query: RunQuery = {}): RunPage {
      const q = RunQuerySchema.parse(query)
      const where: string[] = []
      const args: Record<string, unknown> = {}
      if (q.status !== undefined) {
        const statuses = Array.isArray(q.status) ? q.status : [q.status]
        where.push(`r.status IN (${statuses.map((_, i) => `@s${i}`).join(', ') || 'NULL'})`)
        statuses.forEach((s, i) => (args[`s${i}`] = s))
      }
      if (q.datasetId !== undefined) {
        where.push('r.dataset_id = @datasetId')
        args.datasetId = q.datasetId
      }
      if (q.tag !== undefined) {
        where.push('EXISTS (SELECT 1 FROM json_each(r.tags) t WHERE t.value = @tag)')
        args.tag = q.tag
      }
      if (q.search !== undefined && q.search.trim() !== '') {
        where.push(`(r.name LIKE @search ESCAPE '\\' OR r.design_name LIKE @search ESCAPE '\\'
          OR r.notes LIKE @search ESCAPE '\\' OR r.tags LIKE @search ESCAPE '\\')`)
        args.search = `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      }
      const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
      const sort = SORT_SQL[q.sort]
      const dir = q.order === 'asc' ? 'ASC' : 'DESC'
      const rows = db
        .prepare<Record<string, unknown>, RunRow>(
          `SELECT ${SUMMARY_COLUMNS} ${FROM} ${whereSql}
           ORDER BY (${sort}) IS NULL, ${sort} ${dir}, r.id ${dir} LIMIT @limit OFFSET @offset`,
        )
        .all({ ...args, limit: q.limit, offset: q.offset })
      const total = db
        .prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n ${FROM} ${whereSql}`)
        .get(args)!.n
      return { runs: rows.map(toSummary), total }
    },

    /** Queued runs in queue order. */
    queued(): RunSummary[] {
      return db
        .prepare<[], RunRow>(
          `SELECT ${SUMMARY_COLUMNS} ${FROM} WHERE r.status = 'queued' ORDER BY r.queue_position, r.id`,
        )
        .all()
        .map(toSummary)
    },

    /** queued → running, with the backend that runs it. */
    markRunning(id: number, backend: RunningOn): Run {
      ctx.writeDurably(() => {
        const changed = db
          .prepare(
            `UPDATE runs SET status = 'running', started_at = ?, backend = ?, backend_version = ?,
            backend_native = ?, backend_detail = ?, backend_device = ?, queue_position = NULL
            WHERE id = ? AND status = 'queued'`,
          )
          .run(
            Date.now(),
            backend.backend,
            backend.backendVersion,
            backend.backendNative ?? null,
            backend.backendDetail ?? null,
            backend.backendDevice ?? null,
            id,
          ).changes
        if (changed === 0) conflict(id, 'queued')
      })
      return mustGet(id)
    },

    /** running|queued → a finished status, with the error and final metrics. */
    finish(id: number, end: FinishRun): Run {
      const status = RunStatusSchema.parse(end.status)
      const final = end.finalMetrics
        ? encodeFinal(FinalMetricsSchema.parse(end.finalMetrics))
        : null
      ctx.writeDurably(() => {
        const changed = db
          .prepare(
            `UPDATE runs SET status = ?, error = ?, ended_at = ?, queue_position = NULL,
              final_metrics = coalesce(?, final_metrics)
            WHERE id = ? AND status IN ('queued', 'running')`,
          )
          .run(status, end.error ?? null, Date.now(), final, id).changes
        if (changed === 0) conflict(id, 'queued or running')
      })
      return mustGet(id)
    },

    /** Changes the fields a person or the engine edits after creation. */
    update(id: number, patch: RunPatch): Run {
      const sets: string[] = []
      const args: Record<string, unknown> = { id }
      const put = (column: string, key: string, value: unknown): void => {
        sets.push(`${column} = @${key}`)
        args[key] = value
      }
      if (patch.name !== undefined) put('name', 'name', patch.name)
      if (patch.tags !== undefined) put('tags', 'tags', JSON.stringify(patch.tags))
      if (patch.notes !== undefined) put('notes', 'notes', patch.notes)
      if (patch.params !== undefined) put('params', 'params', patch.params)
      if (patch.macs !== undefined) put('macs', 'macs', patch.macs)
      if (patch.bestValAccuracy !== undefined)
        put('best_val_accuracy', 'best', patch.bestValAccuracy)
      if (patch.queuePosition !== undefined) put('queue_position', 'queue', patch.queuePosition)
      if (patch.finalMetrics !== undefined) {
        put(
          'final_metrics',
          'final',
          patch.finalMetrics && encodeFinal(FinalMetricsSchema.parse(patch.finalMetrics)),
        )
      }
      if (sets.length > 0) {
        const changed = ctx.write(
          () => db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = @id`).run(args).changes,
        )
        if (changed === 0) throw new StoreError('store/not-found', `No run with id ${id}.`)
      }
      return mustGet(id)
    },

    /**
     * At startup no trainer is alive yet, so a run still `running` belonged to a process that died:
     * mark it crashed. Returns the ids changed.
     */
    markCrashedOnStartup(): number[] {
      if (ctx.readOnly) return []
      return ctx.writeDurably(() =>
        db
          .prepare<[number], { id: number }>(
            `UPDATE runs SET status = 'crashed', ended_at = ?,
              error = coalesce(error, 'Blockwise stopped while this run was training.')
            WHERE status = 'running' RETURNING id`,
          )
          .all(Date.now())
          .map((r) => r.id),
      )
    },

    /** Deletes a run with its metrics, checkpoints and exports rows (files are the caller's). */
    delete(id: number): boolean {
      return ctx.writeDurably(() => db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0)
    },
  }

  function conflict(id: number, expected: string): never {
    const run = get(id)
    if (!run) throw new StoreError('store/not-found', `No run with id ${id}.`)
    throw new StoreError('store/conflict', `Run ${id} is ${run.status}, not ${expected}.`)
  }
}
