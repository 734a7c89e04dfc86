import { migrate } from './migrations'
import { designSchema } from './schema'
import { DESIGN_VERSION, type Design } from './types'

export type ParseResult = { ok: true; design: Design } | { ok: false; error: string }

/**
 * Reads a design file: JSON, then migrations up to the current version, then the schema.
 * Never throws. Unknown kinds and bad params load fine and show up as diagnostics in `analyze`,
 * so nothing a person made is lost.
 */
export function parseDesignFile(text: string): ParseResult {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return { ok: false, error: `not a design file: the JSON is malformed (${why})` }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: 'not a design file: expected a JSON object with nodes and edges' }
  }
  const file = raw as Record<string, unknown>
  const version = file.version ?? 0
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return {
      ok: false,
      error: `not a design file: version ${JSON.stringify(version)} is not a whole number`,
    }
  }
  if (version > DESIGN_VERSION) {
    return {
      ok: false,
      error: `this design was saved by a newer Blockwise (file version ${version}; this version reads up to ${DESIGN_VERSION}). Update Blockwise to open it.`,
    }
  }
  let migrated: Record<string, unknown>
  try {
    migrated = migrate(file, version)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return { ok: false, error: `cannot upgrade this design from version ${version}: ${why}` }
  }
  const parsed = designSchema.safeParse(migrated)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where = issue.path.length > 0 ? issue.path.join('.') : 'file'
    const more =
      parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : ''
    return { ok: false, error: `not a valid design: ${where}: ${issue.message}${more}` }
  }
  return { ok: true, design: parsed.data }
}

/** The design as a file: pretty JSON with a fixed key order, so saves diff well. */
export function serializeDesign(design: Design): string {
  const file = {
    version: design.version,
    name: design.name,
    nodes: design.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      ...(n.label !== undefined ? { label: n.label } : {}),
      params: n.params,
      position: { x: n.position.x, y: n.position.y },
    })),
    edges: design.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.targetPort !== undefined ? { targetPort: e.targetPort } : {}),
    })),
  }
  return `${JSON.stringify(file, null, 2)}\n`
}
