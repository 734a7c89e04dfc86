// Inspector process entry: loads runs' checkpoints and answers inspection requests off the core's event loop.
import { parentPort } from '../engine/trainer/port'
import { createWorker } from './worker'

const port = parentPort()
const handle = createWorker((m) => void port.post(m))
port.onMessage(handle)
// The core going away closes the IPC channel: nothing left to answer.
process.on('disconnect', () => process.exit(0))
