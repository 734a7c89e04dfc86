/**
 * Worker processes in the desktop app (trainers, the inspector) run as Electron utility
 * processes: a Node child that Electron manages, with no extra runtime, killed with the app.
 * The core takes any `SpawnChild`; this one maps utilityProcess onto its `ChildChannel`.
 */
import { utilityProcess } from 'electron'
import {
  trainerEntry,
  type SpawnChild,
  type SpawnTrainer,
  type TrainerChannel,
} from '../engine/spawn'

const STDERR_TAIL = 4000

export const spawnUtilityChild: SpawnChild = (entry, name) => {
  const child = utilityProcess.fork(entry.file, [], {
    serviceName: name,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL)
  })
  let exited = false
  child.once('exit', () => (exited = true))
  return {
    get pid() {
      return child.pid
    },
    send: (message) => {
      if (!exited) child.postMessage(message)
    },
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) =>
      void child.once('exit', (code) => listener({ code, signal: null, detail: stderr.trim() })),
    kill: () => {
      if (!exited) child.kill()
    },
  }
}

export const spawnUtilityTrainer: SpawnTrainer = () =>
  spawnUtilityChild(trainerEntry(), 'Blockwise trainer') as TrainerChannel
