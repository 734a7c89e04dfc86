import type { BlockNode, ShapeEdge } from '../model'
import type { Frame } from './types'

/**
 * The document at one point in time. Arrays are immutable and shared between snapshots, so
 * an undo entry costs a few references, never a deep copy.
 */
export interface Snapshot {
  name: string
  nodes: BlockNode[]
  edges: ShapeEdge[]
  /** The groups open when the snapshot was taken: undo returns to the level it edited. */
  frames: Frame[]
  /** Identifies the document content; a save remembers it to tell whether the design is dirty. */
  serial: number
}

export interface History {
  past: Snapshot[]
  future: Snapshot[]
  /** Edits with the same key in quick succession (typing "128") merge into one entry. */
  lastKey: string | null
  lastAt: number
}

export const HISTORY_LIMIT = 200
const COALESCE_MS = 1000

export const emptyHistory = (): History => ({ past: [], future: [], lastKey: null, lastAt: 0 })

/** History after a recorded change whose document before the change was `before`. */
export function record(
  history: History,
  before: Snapshot,
  key: string | null,
  now: number,
): History {
  if (key !== null && key === history.lastKey && now - history.lastAt < COALESCE_MS) {
    // Same field edited again: the entry already holds the state before the first keystroke.
    return { ...history, future: [], lastAt: now }
  }
  const past = history.past.length >= HISTORY_LIMIT ? history.past.slice(1) : history.past.slice()
  past.push(before)
  return { past, future: [], lastKey: key, lastAt: now }
}

/** Step back: returns the snapshot to restore and the new history, or null at the start. */
export function stepBack(
  history: History,
  current: Snapshot,
): { to: Snapshot; history: History } | null {
  const to = history.past.at(-1)
  if (!to) return null
  return {
    to,
    history: {
      past: history.past.slice(0, -1),
      future: [...history.future, current],
      lastKey: null,
      lastAt: 0,
    },
  }
}

/** Step forward after an undo. */
export function stepForward(
  history: History,
  current: Snapshot,
): { to: Snapshot; history: History } | null {
  const to = history.future.at(-1)
  if (!to) return null
  return {
    to,
    history: {
      past: [...history.past, current],
      future: history.future.slice(0, -1),
      lastKey: null,
      lastAt: 0,
    },
  }
}
