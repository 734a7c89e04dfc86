import { z } from 'zod'

/** What the inspector shows beside a param; `when` hides it unless another param has one of the values. */
export interface ParamMeta {
  description: string
  unit?: string
  when?: Record<string, readonly (string | number | boolean)[]>
}

type Extra = Omit<ParamMeta, 'description'>

/** A whole number in [min, max]. */
export function int(def: number, min: number, max: number, description: string, extra: Extra = {}) {
  return z
    .number()
    .int()
    .min(min)
    .max(max)
    .default(def)
    .meta({ description, ...extra })
}

/** A real number in [min, max]. */
export function real(
  def: number,
  min: number,
  max: number,
  description: string,
  extra: Extra = {},
) {
  return z
    .number()
    .min(min)
    .max(max)
    .default(def)
    .meta({ description, ...extra })
}

/** One of a fixed set of words. */
export function choice<const T extends readonly [string, ...string[]]>(
  options: T,
  def: T[number],
  description: string,
  extra: Extra = {},
) {
  return z
    .enum(options)
    .default(def)
    .meta({ description, ...extra })
}

export function flag(def: boolean, description: string, extra: Extra = {}) {
  return z
    .boolean()
    .default(def)
    .meta({ description, ...extra })
}
