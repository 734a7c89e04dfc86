// Inspector process entry: loads runs' checkpoints and answers inspection requests off the core's
// event loop. Requests about a design too deep for tfjs-layers on this thread's stack go to a
// deep-stack thread running this same file; this thread relays its answers.
import { fileURLToPath } from 'node:url'
import { isMainThread, type Worker } from 'node:worker_threads'
import { expand } from '../../shared/graph'
import { needsDeepStack, startDeepThread } from '../engine/deepStack'
import { parentPort } from '../engine/trainer/port'
import type { FromInspector } from './protocol'
import { createWorker } from './worker'

const port = parentPort()
const handle = createWorker((m) => {
  port.post(m).catch((e: unknown) => {
    // A closed channel means the core is gone; anything else (a value that cannot be cloned)
    // must fail that one request, not the process.
    if (isMainThread && !process.connected) process.exit(0)
    console.error('inspector: cannot send an answer:', e)
    if (m.type === 'result' && m.ok)
      void port
        .post({
          type: 'result',
          id: m.id,
          ok: false,
          error: {
            kind: 'internal',
            message: `cannot send the answer: ${e instanceof Error ? e.message : String(e)}`,
          },
        })
        .catch(() => undefined)
  })
})
let deepThread: Worker | null = null
/** Requests handed to the deep-stack thread and not answered yet. */
const handedOver = new Set<string>()

/** Whether a request (already checked by nobody) names a design deeper than this stack builds. */
function isDeep(raw: unknown): boolean {
  if (!isMainThread) return false
  const target = (raw as { target?: { design?: unknown } } | null)?.target
  if (typeof target?.design !== 'object' || target.design === null) return false
  try {
    return needsDeepStack(expand(target.design as Parameters<typeof expand>[0]))
  } catch {
    return false // the worker answers what is wrong with the request
  }
}

port.onMessage((raw) => {
  const cancel = (raw as { type?: unknown } | null)?.type === 'cancel'
  if (cancel) deepThread?.postMessage(raw)
  if (cancel || !isDeep(raw)) return handle(raw)
  if (deepThread === null) {
    const t = (deepThread = startDeepThread(fileURLToPath(import.meta.url)))
    let failure = 'it stopped'
    t.on('message', (m: FromInspector) => {
      if (m.type === 'result') handedOver.delete(m.id)
      void port.post(m).catch(() => {})
    })
    t.on('error', (e) => (failure = e.message))
    t.on('exit', () => {
      deepThread = null
      for (const id of handedOver) {
        const message = `the inspector's deep-stack thread failed: ${failure}`
        void port
          .post({ type: 'result', id, ok: false, error: { kind: 'internal', message } })
          .catch(() => {})
      }
      handedOver.clear()
    })
  }
  const id = (raw as { id?: unknown }).id
  if (typeof id === 'string') handedOver.add(id)
  deepThread.postMessage(raw)
})
// The core going away closes the IPC channel: nothing left to answer.
process.on('disconnect', () => process.exit(0))
