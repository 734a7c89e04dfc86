// Trainer process entry: receives a start (or probe) message, trains (or measures), reports
// through the parent port, exits. A design too deep for tfjs-layers on this thread's stack is
// handed to a deep-stack thread running this same file; this thread then relays.
import { fileURLToPath } from 'node:url'
import { isMainThread, type Worker } from 'node:worker_threads'
import { expand } from '../../../shared/graph'
import { loadDataset } from '../../datasets'
import { needsDeepStack, startDeepThread } from '../deepStack'
import { parseParentMessage, type ProbeJob, type TrainerMessage, type TrainJob } from '../messages'
import { runJob } from './job'
import { parentPort } from './port'
import { runProbe } from './probe'

const port = parentPort()
let stopRequested = false
let running = false
let pending: Promise<void> = Promise.resolve()
/** The deep-stack thread the job was handed to; the supervisor's messages go on to it. */
let thread: Worker | null = null

const send = (message: TrainerMessage): void => {
  pending = port.post(message)
}

async function start(job: TrainJob): Promise<void> {
  running = true
  await runJob(job, {
    send,
    shouldStop: () => stopRequested,
    loadData: (j) =>
      loadDataset(j.home, j.datasetId, {
        valFraction: j.settings.valFraction,
        seed: j.settings.seed,
      }),
  })
  await pending
  process.exit(0)
}

async function probe(job: ProbeJob): Promise<void> {
  running = true
  await runProbe(job, {
    send,
    loadData: (j) =>
      loadDataset(j.home, j.datasetId, {
        valFraction: j.settings.valFraction,
        seed: j.settings.seed,
      }),
  })
  await pending
  process.exit(0)
}

function handOver(raw: unknown): void {
  running = true
  const t = (thread = startDeepThread(fileURLToPath(import.meta.url)))
  t.on('message', (m: TrainerMessage) => send(m))
  t.on('error', (e) => send({ type: 'error', kind: 'exception', message: e.message }))
  t.on('exit', (code) => void pending.then(() => process.exit(code)))
  t.postMessage(raw)
}

/** Only the process's main thread hands over, and only a design deeper than its stack holds. */
function deep(job: Pick<TrainJob, 'design'>): boolean {
  if (!isMainThread) return false
  try {
    return needsDeepStack(expand(job.design))
  } catch {
    return false // the job itself reports what is wrong with the design
  }
}

// Anything that escapes runJob still ends the run with a message rather than a silent crash.
process.on('uncaughtException', (e) => {
  send({ type: 'error', kind: 'exception', message: e instanceof Error ? e.message : String(e) })
  void pending.then(() => process.exit(1))
})

// A trainer whose supervisor is gone has no one to report to (fork's channel closes with it).
process.on('disconnect', () => process.exit(0))

port.onMessage((raw) => {
  if (thread !== null) {
    thread.postMessage(raw)
    return
  }
  const parsed = parseParentMessage(raw)
  if (!parsed.ok) {
    send({
      type: 'error',
      kind: 'protocol',
      message: `bad message from the supervisor: ${parsed.error}`,
    })
    return
  }
  const m = parsed.message
  switch (m.type) {
    case 'start':
      if (running)
        send({
          type: 'error',
          kind: 'protocol',
          message: 'a trainer trains one run; it was started twice',
        })
      else if (deep(m.job)) handOver(raw)
      else void start(m.job)
      break
    case 'probe':
      if (running)
        send({ type: 'error', kind: 'protocol', message: 'a trainer does one job; it got two' })
      else if (deep(m.job)) handOver(raw)
      else void probe(m.job)
      break
    case 'stop':
      stopRequested = true
      if (!running) void pending.then(() => process.exit(0))
      break
    default:
      m satisfies never
  }
})
