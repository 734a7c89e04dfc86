import type { AnyBlockSpec } from './blocks'
import type { Report } from './structure'
import type { DesignNode } from './types'

/**
 * A node's params checked against its kind's schema, defaults filled; undefined (and each
 * problem reported) when they do not fit. Unknown keys only warn: they are ignored.
 */
export function readParams(
  spec: AnyBlockSpec,
  node: DesignNode,
  report: Report,
): Record<string, unknown> | undefined {
  const given = (node.params ?? {}) as Record<string, unknown>
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(spec.params.shape, key)) {
      report(node.id, 'unknown-param', `${node.kind}: unknown param '${key}' is ignored`, 'warning')
    }
  }
  const parsed = spec.params.safeParse(given)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) {
    report(node.id, 'invalid-param', `${node.kind}: ${describeIssue(issue, given)}`)
  }
  return undefined
}

interface Issue {
  code: string
  path: PropertyKey[]
  message: string
  minimum?: unknown
  maximum?: unknown
  values?: unknown[]
  expected?: unknown
}

/** A zod issue in the inspector's words: "filters must be ≥ 1 (got 0)". */
export function describeIssue(issue: Issue, params: unknown): string {
  const name = issue.path.map(String).join('.') || 'params'
  const got = valueAt(params, issue.path)
  const shown = got === undefined ? '' : ` (got ${JSON.stringify(got)})`
  switch (issue.code) {
    case 'too_small':
      return `${name} must be ≥ ${String(issue.minimum)}${shown}`
    case 'too_big':
      return `${name} must be ≤ ${String(issue.maximum)}${shown}`
    case 'invalid_type':
      if (issue.expected === 'int') return `${name} must be a whole number${shown}`
      return `${name} must be a ${String(issue.expected)}${shown}`
    case 'invalid_value':
      return `${name} must be one of ${(issue.values ?? []).map(String).join(', ')}${shown}`
    default:
      return `${name}: ${issue.message}${shown}`
  }
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let at = value
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}
