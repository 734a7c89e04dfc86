import { fork, type Serializable } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ParentMessage } from './messages'

/**
 * The core's side of one worker process (a trainer, the inspector). `child_process.fork`
 * implements it here; the Electron shell implements it with `utilityProcess.fork` (a packaged
 * app cannot fork a Node child: its runAsNode fuse is off).
 */
export interface ChildChannel<Out = unknown> {
  readonly pid: number | undefined
  send(message: Out): void
  onMessage(listener: (raw: unknown) => void): void
  /** Called once when the process is gone; `detail` holds the end of its stderr. */
  onExit(
    listener: (exit: { code: number | null; signal: string | null; detail: string }) => void,
  ): void
  /** Ends the process at once (SIGKILL). */
  kill(): void
}

export type TrainerChannel = ChildChannel<ParentMessage>

export type SpawnTrainer = () => TrainerChannel

/** Where a worker process's code is, and the Node flags it needs (tsx when run from source). */
export interface ChildEntry {
  file: string
  execArgv: string[]
}

/** Starts a worker process from its entry; `name` is what the OS task manager shows. */
export type SpawnChild = (entry: ChildEntry, name: string) => ChildChannel

/**
 * A bundled entry `built` beside the built bundle (`out/main/`, or one folder up from a chunk),
 * else the first of `sources` that exists: TypeScript run through tsx (tests, dev).
 */
export function findEntry(from: string, built: string, sources: string[]): ChildEntry | null {
  for (const dir of [from, join(from, '..')]) {
    const file = join(dir, built)
    if (existsSync(file)) return { file, execArgv: [] }
  }
  const source = sources.find((f) => existsSync(f))
  return source === undefined ? null : { file: source, execArgv: ['--import', 'tsx'] }
}

/** Where the trainer's entry is: `trainer.js` in the build, else `trainer/main.ts`. */
export function trainerEntry(from: string = dirname(fileURLToPath(import.meta.url))): ChildEntry {
  const entry = findEntry(from, 'trainer.js', [join(from, 'trainer', 'main.ts')])
  if (entry === null)
    throw new Error(
      `cannot find the trainer: neither trainer.js nor trainer/main.ts beside ${from}`,
    )
  return entry
}

const STDERR_TAIL = 4000

/** tfjs greets Node users on stderr; it is not part of any failure. */
function withoutBanner(text: string): string {
  return text
    .split('\n')
    .filter(
      (l) =>
        !/^=+$/.test(l.trim()) &&
        !l.includes('looks like you are running TensorFlow.js in Node.js'),
    )
    .join('\n')
}

/** Starts a trainer with `child_process.fork` (structured-clone messages, stderr kept for crash reports). */
export function forkTrainer(entry: ChildEntry = trainerEntry()): TrainerChannel {
  return forkChild(entry)
}

/** Starts a worker process with `child_process.fork`. */
export function forkChild<Out = unknown>(entry: ChildEntry): ChildChannel<Out> {
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL)
  })
  let spawnError: Error | undefined
  child.on('error', (e) => (spawnError = e))
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message as Serializable)
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) =>
      child.once('exit', (code, signal) => {
        const detail = [spawnError?.message, withoutBanner(stderr).trim()]
          .filter(Boolean)
          .join('\n')
        listener({ code, signal, detail })
      }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
  }
}
