import type { z } from 'zod'
import type { ParamMeta } from './blocks/params'

interface FieldBase {
  name: string
  description: string
  unit?: string
  /** Show the field only when each named param has one of the listed values. */
  when?: ParamMeta['when']
}

/** One inspector form field, read from a kind's params schema. */
export type ParamField =
  | (FieldBase & { type: 'int' | 'number'; default: number; min: number; max: number })
  | (FieldBase & { type: 'choice'; default: string; options: string[] })
  | (FieldBase & { type: 'boolean'; default: boolean })
  /** Structured params (a group's inside): edited on the canvas, not in a form. */
  | (FieldBase & { type: 'structure' })

interface Def {
  type: string
  innerType?: { def: Def } & Partial<NumberInfo & EnumInfo>
  defaultValue?: unknown
}
interface NumberInfo {
  minValue: number | null
  maxValue: number | null
  isInt: boolean
}
interface EnumInfo {
  options: string[]
}

const cache = new WeakMap<z.ZodObject, ParamField[]>()

/** The form fields of a params schema, in declaration order, for generating the inspector. */
export function paramFields(schema: z.ZodObject): ParamField[] {
  const known = cache.get(schema)
  if (known) return known
  const fields = Object.entries(schema.shape).map(([name, field]) =>
    toField(name, field as z.ZodType),
  )
  cache.set(schema, fields)
  return fields
}

function toField(name: string, field: z.ZodType): ParamField {
  const meta = (field.meta() ?? {}) as Partial<ParamMeta>
  const base: FieldBase = { name, description: meta.description ?? name }
  if (meta.unit !== undefined) base.unit = meta.unit
  if (meta.when !== undefined) base.when = meta.when
  const def = (field as unknown as { def: Def }).def
  const inner = def.type === 'default' ? def.innerType : undefined
  const value = typeof def.defaultValue === 'function' ? undefined : def.defaultValue
  switch (inner?.def.type) {
    case 'number':
      return {
        ...base,
        type: inner.isInt ? 'int' : 'number',
        default: value as number,
        min: inner.minValue ?? -Infinity,
        max: inner.maxValue ?? Infinity,
      }
    case 'enum':
      return {
        ...base,
        type: 'choice',
        default: value as string,
        options: [...(inner.options ?? [])],
      }
    case 'boolean':
      return { ...base, type: 'boolean', default: value as boolean }
    default:
      return { ...base, type: 'structure' }
  }
}

/** Whether a field applies given the node's current params (its `when` condition). */
export function fieldVisible(
  field: Pick<FieldBase, 'when'>,
  params: Readonly<Record<string, unknown>>,
): boolean {
  if (!field.when) return true
  return Object.entries(field.when).every(([key, values]) =>
    values.includes(params[key] as string | number | boolean),
  )
}
