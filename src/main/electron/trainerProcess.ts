/**
 * Trainers in the desktop app run as Electron utility processes (a Node child that Electron
 * manages: no extra runtime, killed with the app). The engine's supervisor takes any
 * `SpawnTrainer`; this one maps utilityProcess onto its `TrainerChannel`.
 */
import { utilityProcess } from 'electron'
import { trainerEntry, type SpawnTrainer } from '../engine/spawn'

const STDERR_TAIL = 4000

export const spawnUtilityTrainer: SpawnTrainer = () => {
  const entry = trainerEntry()
  const child = utilityProcess.fork(entry.file, [], {
    serviceName: 'Blockwise trainer',
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
