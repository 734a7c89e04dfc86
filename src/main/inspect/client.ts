import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  findEntry,
  forkChild,
  type ChildChannel,
  type ChildEntry,
  type SpawnChild,
} from '../engine/spawn'
import type {
  FromInspector,
  InspectErrorKind,
  InspectTarget,
  InspectTask,
  ToInspector,
} from './protocol'

/** A failed inspection: `input` when the request cannot be answered as asked. */
export class InspectError extends Error {
  constructor(
    readonly kind: InspectErrorKind | 'crashed',
    message: string,
  ) {
    super(message)
  }
}

/** Where the inspector's entry is: `inspector.js` in the build, else `inspect/main.ts`. */
export function inspectorEntry(from: string = dirname(fileURLToPath(import.meta.url))): ChildEntry {
  const sources = [from, join(from, 'inspect')]
    .filter((dir) => existsSync(join(dir, 'worker.ts')))
    .map((dir) => join(dir, 'main.ts'))
  const entry = findEntry(from, 'inspector.js', sources)
  if (entry === null)
    throw new Error(
      `cannot find the inspector: neither inspector.js nor inspect/main.ts beside ${from}`,
    )
  return entry
}

export interface RequestOptions {
  /** Lets `cancel(jobId)` reach this request. */
  jobId?: string
  onProgress?(done: number, total: number): void
}

export interface Inspector {
  /** The running process's id (undefined before the first request or after it ended). */
  readonly pid: number | undefined
  request(target: InspectTarget, task: InspectTask, options?: RequestOptions): Promise<unknown>
  /** Asks a running request to stop; false when no request has that job id. */
  cancel(jobId: string): boolean
  close(): void
}

interface Pending {
  message: ToInspector
  /** A request is retried once in a fresh process when the process dies under it. */
  retried: boolean
  resolve(data: unknown): void
  reject(error: Error): void
  onProgress?: (done: number, total: number) => void
}

/**
 * The core's handle on the inspector process: started on the first request, restarted after a
 * crash (which fails only the requests in flight), stopped after `idleMs` without work so a
 * loaded network does not hold memory forever.
 */
export function createInspector(
  options: { entry?: ChildEntry; idleMs?: number; spawn?: SpawnChild } = {},
): Inspector {
  let child: ChildChannel | null = null
  let next = 1
  let idleTimer: NodeJS.Timeout | undefined
  const pending = new Map<string, Pending>()
  const jobs = new Map<string, string>()
  const spawn: SpawnChild = options.spawn ?? ((entry) => forkChild(entry))

  const start = (): ChildChannel => {
    const c = spawn(options.entry ?? inspectorEntry(), 'Blockwise inspector')
    c.onMessage((raw) => receive(raw as FromInspector))
    c.onExit(({ code, signal, detail }) => {
      // A process replaced after close() has no requests left to fail.
      if (child !== c) return
      child = null
      // The thrown error's own line says more than Node's trailer after it.
      const lines = detail.split('\n').filter(Boolean)
      const tail = lines.find((l) => /\b\w*Error\b/.test(l)) ?? lines.slice(-3).join(' | ')
      const why = `the inspector process ${signal ? `was killed (${signal})` : `exited with code ${code}`}${tail ? `: ${tail}` : ''}`
      const lost = [...pending.values()]
      pending.clear()
      for (const p of lost) {
        const id = p.message.type === 'request' ? p.message.id : ''
        if (p.retried) {
          for (const [job, jid] of jobs) if (jid === id) jobs.delete(job)
          p.reject(new InspectError('crashed', why))
          continue
        }
        // Every task only reads the checkpoint and writes its own cache: running it again is safe.
        pending.set(id, { ...p, retried: true })
        try {
          post(p.message)
        } catch (e) {
          pending.delete(id)
          p.reject(
            new InspectError(
              'crashed',
              `${why}; restarting it failed: ${e instanceof Error ? e.message : String(e)}`,
            ),
          )
        }
      }
    })
    return c
  }

  const receive = (m: FromInspector): void => {
    const p = pending.get(m.id)
    if (!p) return
    if (m.type === 'progress') return p.onProgress?.(m.done, m.total)
    pending.delete(m.id)
    for (const [job, id] of jobs) if (id === m.id) jobs.delete(job)
    if (m.ok) p.resolve(m.data)
    else p.reject(new InspectError(m.error.kind, m.error.message))
    armIdle()
  }

  const armIdle = (): void => {
    clearTimeout(idleTimer)
    if (pending.size > 0) return
    idleTimer = setTimeout(() => child?.kill(), options.idleMs ?? 5 * 60_000)
    idleTimer.unref()
  }

  const post = (m: ToInspector): void => {
    child ??= start()
    child.send(m)
  }

  return {
    get pid() {
      return child?.pid
    },
    request(target, task, o = {}) {
      clearTimeout(idleTimer)
      const id = String(next++)
      if (o.jobId !== undefined) jobs.set(o.jobId, id)
      const message: ToInspector = { type: 'request', id, target, task }
      return new Promise((resolve, reject) => {
        pending.set(id, {
          message,
          retried: false,
          resolve,
          reject,
          ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        })
        try {
          post(message)
        } catch (e) {
          pending.delete(id)
          reject(
            new InspectError(
              'crashed',
              `cannot start the inspector: ${e instanceof Error ? e.message : String(e)}`,
            ),
          )
        }
      })
    },
    cancel(jobId) {
      const id = jobs.get(jobId)
      if (id === undefined || !child) return false
      child.send({ type: 'cancel', id } satisfies ToInspector)
      return true
    },
    close() {
      clearTimeout(idleTimer)
      const c = child
      child = null
      c?.kill()
      for (const p of pending.values())
        p.reject(new InspectError('crashed', 'the inspector was closed'))
      pending.clear()
      jobs.clear()
    },
  }
}
