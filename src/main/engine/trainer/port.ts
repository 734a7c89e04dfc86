import { isMainThread, parentPort as threadParent } from 'node:worker_threads'

/**
 * The trainer's side of the channel: Electron's utilityProcess gives `process.parentPort`,
 * `child_process.fork` gives `process.send`, and on a deep-stack thread (see `deepStack.ts`)
 * the thread's port leads to the process's main thread, which relays. Messages are structured
 * clones on each (fork is started with `serialization: 'advanced'`), so NaN and Infinity
 * survive.
 */
export interface ParentPort {
  onMessage(listener: (data: unknown) => void): void
  /** Resolves once the message is handed to the OS (so exiting after it loses nothing). */
  post(data: unknown): Promise<void>
}

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(data: unknown): void
}

export function parentPort(): ParentPort {
  if (!isMainThread && threadParent) {
    const thread = threadParent
    return {
      onMessage: (listener) => thread.on('message', listener),
      post: async (data) => thread.postMessage(data),
    }
  }
  const electron = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (electron) {
    return {
      onMessage: (listener) => electron.on('message', (e) => listener(e.data)),
      post: async (data) => electron.postMessage(data),
    }
  }
  const send = process.send?.bind(process)
  if (!send) throw new Error('the trainer must be started by the supervisor (no IPC channel)')
  return {
    onMessage: (listener) => process.on('message', listener),
    post: (data) => new Promise<void>((resolve) => send(data, undefined, {}, () => resolve())),
  }
}
