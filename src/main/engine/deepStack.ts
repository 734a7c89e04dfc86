import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ExpandedGraph } from '../../shared/graph'

/**
 * tfjs-layers builds and loads a model by recursing once per layer along the longest path
 * (`Container`'s graph walk). A default stack (about 1 MB) holds that for somewhat more than
 * 3,000 layers; designs deeper than this are built on a thread with `DEEP_STACK_MB`.
 */
export const SHALLOW_DEPTH = 2000

/** A deep-stack thread's stack: enough for tfjs-layers' walk over 50,000 layers in a row. */
export const DEEP_STACK_MB = 256

/** Primitive layers along the graph's longest path, input included (the graph is topologically sorted). */
export function layerDepth(graph: Pick<ExpandedGraph, 'nodes'>): number {
  const depth = new Map<string, number>()
  let deepest = 0
  for (const node of graph.nodes) {
    let d = 0
    for (const input of node.inputs) d = Math.max(d, depth.get(input) ?? 0)
    depth.set(node.id, d + 1)
    deepest = Math.max(deepest, d + 1)
  }
  return deepest
}

/** Whether building this graph as a tfjs model needs a deep-stack thread. */
export function needsDeepStack(graph: Pick<ExpandedGraph, 'nodes'>): boolean {
  return layerDepth(graph) > SHALLOW_DEPTH
}

/**
 * Starts `file` (a built .js module, or a .ts source file when run through tsx in tests and
 * development) on a new thread whose stack is `DEEP_STACK_MB`; `workerData` is cloned to it.
 */
export function startDeepThread(file: string, workerData?: unknown): Worker {
  const options = { resourceLimits: { stackSizeMb: DEEP_STACK_MB }, workerData }
  if (!file.endsWith('.ts')) return new Worker(file, options)
  // A worker does not inherit tsx's loader from `--import tsx`: register it before the import.
  // require.resolve finds the package's CommonJS build; its ES module build is beside it.
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/esm/api')
  const tsx = pathToFileURL(tsxCjs.replace(/\.cjs$/, '.mjs')).href
  const entry = pathToFileURL(file).href
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(boot, { ...options, eval: true })
}
