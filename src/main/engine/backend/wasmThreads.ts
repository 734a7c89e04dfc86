import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { Worker as NodeWorker } from 'node:worker_threads'
import { env } from '@tensorflow/tfjs-core'

const require = createRequire(import.meta.url)

/** The multithreaded build caps its thread pool here (it pre-starts this many workers). */
export const MAX_WASM_THREADS = 8

/** The JavaScript half of the threaded build, which tfjs only ever loads in browsers. */
function threadedScripts(): { main: string; worker: string } {
  const root = join(
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'wasm-out',
  )
  return {
    main: join(root, 'tfjs-backend-wasm-threaded-simd.js'),
    worker: join(root, 'tfjs-backend-wasm-threaded-simd.worker.js'),
  }
}

/**
 * Why the threaded SIMD build cannot be used here, or null when it can: it needs shared
 * memory, the threaded binary in `wasmPath` and its JavaScript in the installed package.
 */
export function threadsUnavailable(wasmPath: string): string | null {
  if (typeof SharedArrayBuffer === 'undefined') return 'no SharedArrayBuffer'
  if (!existsSync(join(wasmPath, 'tfjs-backend-wasm-threaded-simd.wasm'))) {
    return `no tfjs-backend-wasm-threaded-simd.wasm in ${wasmPath}`
  }
  const { main, worker } = threadedScripts()
  if (!existsSync(main) || !existsSync(worker)) return "the threaded build's scripts are missing"
  return null
}

/**
 * Prepares tfjs-backend-wasm to start its multithreaded SIMD build under Node; call after
 * importing it and before its backend starts, then call the returned function once it has.
 *
 * tfjs disables threads under Node (tfjs#3830) because emscripten's pthreads start their
 * workers from blob: URLs, which Node's Worker cannot load. So: the WASM_HAS_MULTITHREAD_SUPPORT
 * flag is set; the global `Worker` emscripten assigns is held to a worker_threads.Worker that
 * runs the package's own pthread script (given as code) and that loads the module's script
 * from its file instead of a blob. And the build sizes its pool as logical cores ÷ 2
 * (assuming hyper-threading), which would leave a 2-core machine with one thread, so while it
 * starts, os.cpus() reports twice the threads wanted.
 */
export function enableWasmThreads(threads: number): () => void {
  const { main, worker } = threadedScripts()
  const code = (require(worker) as { wasmWorkerContents: string }).wasmWorkerContents
  // The script keeps "\n" inside string literals; evaluated as code they must stay escaped
  // (tfjs does the same before making its blob).
  const workerCode = code.replace(/\n/g, '\\n')

  class PthreadWorker extends NodeWorker {
    constructor() {
      super(workerCode, { eval: true })
      this.unref()
    }
    // XNNPACK's pool threads run for the life of the process, and emscripten refs the worker of
    // every running thread, so the process would never exit on its own. The main thread waits
    // on them synchronously while they compute, so they need no hold on the event loop.
    override ref(): void {}
    override postMessage(message: unknown, transfer?: readonly unknown[]): void {
      const m = message as { cmd?: unknown; urlOrBlob?: unknown } | null
      const load = m !== null && typeof m === 'object' && m.cmd === 'load'
      const patched = load && typeof m.urlOrBlob !== 'string' ? { ...m, urlOrBlob: main } : message
      super.postMessage(patched, transfer as Parameters<NodeWorker['postMessage']>[1])
    }
  }
  Object.defineProperty(globalThis, 'Worker', {
    get: () => PthreadWorker,
    set: () => {},
    configurable: true,
  })
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)

  const realCpus = os.cpus
  const wanted = Math.max(1, Math.min(MAX_WASM_THREADS, threads))
  os.cpus = () => {
    const cpus = realCpus()
    return Array.from({ length: 2 * wanted }, (_, i) => cpus[i % cpus.length]!)
  }
  return () => {
    os.cpus = realCpus
    // Pthreads started later (the pool can grow) still need the Node-capable Worker.
    Object.defineProperty(globalThis, 'Worker', {
      value: PthreadWorker,
      writable: true,
      configurable: true,
    })
  }
}
