import type { z } from 'zod'

/** One inspector field, read from a params schema. */
export type FieldSpec =
  | { type: 'number'; key: string; int: boolean; min: number | null; max: number | null; default: number; description: string; unit?: string; when?: When }
  | { type: 'enum'; key: string; options: readonly string[]; default: string; description: string; when?: When }
  | { type: 'boolean'; key: string; default: boolean; description: string; when?: When }
  | { type: 'other'; key: string; description: string; when?: When }

type When = Record<string, readonly (string | number | boolean)[]>

interface Meta {
  description?: string
  unit?: string
  when?: When
}

/** The zod internals this reads: the def's type tag and its wrapped type. */
interface Def {
  type: string
  innerType?: z.ZodType
  defaultValue?: unknown
}

const defOf = (t: z.ZodType): Def => (t as unknown as { def: Def }).def

/** The fields of a params object schema, in declaration order, with bounds, options and meta. */
export function schemaFields(schema: z.ZodObject): FieldSpec[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    const outer = field as z.ZodType
    const meta = ((outer as unknown as { meta?: () => Meta | undefined }).meta?.() ?? {}) as Meta
    let inner = outer
    let fallback: unknown
    for (let d = defOf(inner); (d.type === 'default' || d.type === 'optional' || d.type === 'prefault') && d.innerType; d = defOf(inner)) {
      if (d.type === 'default') fallback = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue
      inner = d.innerType
    }
    const base = { key, description: meta.description ?? outer.description ?? '', ...(meta.when ? { when: meta.when } : {}) }
    const type = defOf(inner).type
    if (type === 'number') {
      const n = inner as z.ZodNumber
      const min = Number.isFinite(n.minValue) ? n.minValue : null
      const max = Number.isFinite(n.maxValue) ? n.maxValue : null
      return { ...base, type: 'number', int: n.isInt === true, min, max, default: Number(fallback ?? 0), ...(meta.unit ? { unit: meta.unit } : {}) }
    }
    if (type === 'enum') {
      const options = (inner as z.ZodEnum).options as readonly string[]
      return { ...base, type: 'enum', options, default: String(fallback ?? options[0]) }
    }
    if (type === 'boolean') return { ...base, type: 'boolean', default: Boolean(fallback) }
    return { ...base, type: 'other' }
  })
}

/** Whether a field applies given the other params (its `when` condition). */
export function fieldVisible(field: FieldSpec, params: Record<string, unknown>): boolean {
  if (!field.when) return true
  return Object.entries(field.when).every(([k, values]) => values.includes(params[k] as string | number | boolean))
}

/** Why `value` is not acceptable for a number field, or null. */
export function numberProblem(field: Extract<FieldSpec, { type: 'number' }>, value: number): string | null {
  if (!Number.isFinite(value)) return 'Enter a number'
  if (field.int && !Number.isInteger(value)) return 'Enter a whole number'
  if (field.min !== null && value < field.min) return `At least ${field.min}`
  if (field.max !== null && value > field.max) return `At most ${field.max}`
  return null
}
