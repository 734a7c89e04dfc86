import type { Connection, EdgeChange, NodeChange, XYPosition } from '@xyflow/react'
import type { Design } from '../../../../shared/graph/types'
import type { Analysis } from '../catalog'
import type { BlockNode, ShapeEdge } from '../model'
import type { History } from './history'

/** A block copied to the clipboard: its document fields and its place relative to the others. */
export interface Clip {
  nodes: BlockNode[]
  edges: ShapeEdge[]
}

/** Where the view is: the top-level design, or inside composite blocks (outermost first). */
export interface Frame {
  nodeId: string
  label: string
  /**
   * For an open group, whose inside is edited on the canvas: the level around it as it was when
   * opened (its own inside is written back on close). Absent for a composite shown read-only.
   */
  outer?: { nodes: BlockNode[]; edges: ShapeEdge[] }
}

/** The editor's state. Document fields (name, nodes, edges) are what undo restores. */
export interface EditorState {
  name: string
  nodes: BlockNode[]
  edges: ShapeEdge[]
  /** Database id once saved. */
  designId: number | null
  /** The document serial; equal to `savedSerial` when nothing changed since the last save. */
  serial: number
  savedSerial: number
  history: History
  /** Analysis of the whole design (totals, diagnostics, what Train compiles), once per structural change. */
  analysis: Analysis
  /** Analysis of the level on screen (shapes, badges); the same object when no group is open. */
  levelAnalysis: Analysis
  clipboard: Clip | null
  /** The composite blocks opened in place (breadcrumb). */
  frames: Frame[]
  /** The document at the start of the drag under way: the one undo entry the drag records. */
  dragOrigin: { nodes: BlockNode[] } | null
  /** Whether nodes show receptive field and cumulative stride. */
  showField: boolean
}

export type ConnectResult = { ok: true } | { ok: false; reason: string }
export type FixResult = { ok: true } | { ok: false; reason: string }

export interface EditorActions {
  /** Replace the document (open, template, import). Not undoable: it clears history. */
  load(design: Design, opts?: { designId?: number | null; saved?: boolean }): void
  onNodesChange(changes: NodeChange<BlockNode>[]): void
  onEdgesChange(changes: EdgeChange<ShapeEdge>[]): void
  /** Why the graph cannot take this connection, or null when it can. */
  checkConnection(c: Connection): string | null
  connect(c: Connection): ConnectResult
  addBlock(kind: string, position: XYPosition): string
  updateParams(id: string, patch: Record<string, unknown>): void
  setLabel(id: string, label: string): void
  rename(name: string): void
  deleteSelection(): void
  copySelection(): number
  paste(): number
  undo(): void
  redo(): void
  /** Move nodes to laid-out positions as one undoable step. */
  setPositions(positions: ReadonlyMap<string, XYPosition>, opts?: { record?: boolean }): void
  selectNodes(ids: readonly string[]): void
  selectAll(): void
  applyFix(nodeId: string, code: string): FixResult
  group(ids?: readonly string[]): FixResult
  ungroup(id: string): FixResult
  /**
   * Replaces composite `id` (inception module, residual block, stage) by a group of what it is
   * made of, same id, label and place, and opens it: one undo step brings the block back.
   */
  editAsGroup(id: string): FixResult
  openFrame(nodeId: string): void
  closeFrames(depth: number): void
  markSaved(designId: number): void
  toggleField(): void
  /** The design as a file or API body. */
  design(): Design
}

export type EditorStore = EditorState & EditorActions

/** A document change as the actions produce it. */
export interface Edit {
  name?: string
  nodes?: BlockNode[]
  edges?: ShapeEdge[]
}

/**
 * How to apply an edit: `record` false = not undoable; `key` null = its own undo entry, a string
 * merges with an immediately preceding edit of the same key; `structural` says whether shapes
 * may have changed (positions alone do not).
 */
export interface CommitOptions {
  record: boolean
  key?: string | null
  structural: boolean
}

/** What the action groups share: the zustand accessors, `commit`, and the level analyses. */
export interface EditorKit {
  get(): EditorStore
  set(partial: Partial<EditorState>): void
  commit(edit: Edit, opts: CommitOptions): void
  analyses(
    name: string,
    nodes: BlockNode[],
    edges: ShapeEdge[],
    frames: Frame[],
  ): Pick<EditorState, 'analysis' | 'levelAnalysis'>
}
