// Inspector process entry: loads runs' checkpoints and answers inspection requests off the core's event loop.
import { parentPort } from '../engine/trainer/port'
import { createWorker } from './worker'

const port = parentPort()
const handle = createWorker((m) => {
  port.post(m).catch((e: unknown) => {
    // A closed channel means the core is gone; anything else (a value that cannot be cloned)
    // must fail that one request, not the process.
    if (!process.connected) process.exit(0)
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
port.onMessage(handle)
// The core going away closes the IPC channel: nothing left to answer.
process.on('disconnect', () => process.exit(0))
