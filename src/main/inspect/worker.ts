import type { FromInspector } from './protocol'
import { ToInspectorSchema } from './protocol'
import { InspectInputError } from './model'
import { LoadCache } from './session'
import { runTask } from './tasks'

/**
 * The inspector's message loop, apart from how messages travel (a forked process in the app,
 * direct calls in tests). Requests run concurrently; long ones yield between batches, so a
 * cancel or a quick request is read while they work.
 */
export function createWorker(send: (m: FromInspector) => void): (raw: unknown) => void {
  const cache = new LoadCache()
  const cancelled = new Set<string>()
  return (raw) => {
    const parsed = ToInspectorSchema.safeParse(raw)
    if (!parsed.success) {
      const id =
        typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
          ? (raw as { id: string }).id
          : ''
      send({
        type: 'result',
        id,
        ok: false,
        error: {
          kind: 'internal',
          message: `bad message to the inspector: ${parsed.error.issues[0]?.message ?? ''}`,
        },
      })
      return
    }
    const m = parsed.data
    if (m.type === 'cancel') {
      cancelled.add(m.id)
      return
    }
    const { id } = m
    let last = 0
    const ctx = {
      progress: (done: number, total: number) => {
        // At most ~10 progress messages a second: the UI needs no more.
        const now = Date.now()
        if (now - last < 100 && done < total) return
        last = now
        send({ type: 'progress', id, done, total })
      },
      shouldStop: () => cancelled.has(id),
    }
    runTask(cache, m.target, m.task, ctx)
      .then(
        (data) => send({ type: 'result', id, ok: true, data }),
        (e: unknown) =>
          send({
            type: 'result',
            id,
            ok: false,
            error: {
              kind: e instanceof InspectInputError ? 'input' : 'internal',
              message: e instanceof Error ? e.message : String(e),
            },
          }),
      )
      .finally(() => cancelled.delete(id))
  }
}
