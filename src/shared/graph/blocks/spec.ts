import type { z } from 'zod'
import type { Cost, DesignEdge, DesignNode, Shape } from '../types'

/** Palette sections, in the order the palette shows them. */
export const CATEGORIES = [
  'io',
  'layers',
  'activations',
  'pooling',
  'normalisation',
  'merge',
  'composite',
] as const
export type Category = (typeof CATEGORIES)[number]

/** How many tensors a block takes: exactly `inputs`, or at least `inputs` when variadic. */
export interface Ports {
  inputs: number
  variadic?: boolean
}

/** A shape, or why there is none. `message` omits the kind; the analysis prefixes it. */
export type InferResult = { ok: true; shape: Shape } | { ok: false; code: string; message: string }

/**
 * How a layer's output window relates to its input, for receptive-field arithmetic:
 * a sliding window (kernel already dilated), the whole map at once, or element-wise.
 */
export type Window = { kernel: number; stride: number } | 'global' | 'pointwise'

type ParamsSchema = z.ZodObject
type Out<S extends ParamsSchema> = z.output<S>

interface SpecBase<K extends string, S extends ParamsSchema> {
  kind: K
  label: string
  category: Category
  /** One line, shown in the palette. */
  description: string
  /** Params with defaults, bounds and `.meta({description, unit, when})` for the inspector. */
  params: S
  /** `params.parse({})`: every default. */
  defaults: Out<S>
  ports: Ports
}

/** A layer the engine builds directly. */
export interface PrimitiveSpec<
  K extends string = string,
  S extends ParamsSchema = ParamsSchema,
> extends SpecBase<K, S> {
  composite: false
  inferShape(inputs: readonly Shape[], params: Out<S>): InferResult
  cost(inputs: readonly Shape[], output: Shape, params: Out<S>): Cost
  window(params: Out<S>): Window
}

/** A block made of primitives; `build` lays them out, deterministically. */
export interface CompositeSpec<
  K extends string = string,
  S extends ParamsSchema = ParamsSchema,
> extends SpecBase<K, S> {
  composite: true
  build(params: Out<S>, b: Builder, x: Ref): Ref
}

/** A tensor inside a composite being built: the id of the primitive that produces it. */
export type Ref = string

/** What a composite's `build` uses to lay out its primitives. */
export interface Builder {
  /** Adds one primitive named `name` (unique within the scope); missing params take defaults. */
  layer<S extends ParamsSchema>(
    spec: PrimitiveSpec<string, S>,
    name: string,
    params: Partial<Out<S>>,
    inputs: readonly Ref[],
  ): Ref
  /** A builder whose layer names are prefixed with `name_` (e.g. one block of a stage). */
  scope(name: string): Builder
  /** Expands a user-made sub-design whose `input` node stands for `x`; returns its exit. */
  design(inner: { nodes: readonly DesignNode[]; edges: readonly DesignEdge[] }, x: Ref): Ref
}

export const ZERO_COST: Cost = Object.freeze({ params: 0, nonTrainableParams: 0, macs: 0 })

/** Fills `defaults` and the discriminant of a primitive spec. */
export function definePrimitive<K extends string, S extends ParamsSchema>(
  spec: Omit<PrimitiveSpec<K, S>, 'composite' | 'defaults'>,
): PrimitiveSpec<K, S> {
  return { ...spec, composite: false, defaults: spec.params.parse({}) }
}

/** Fills `defaults` and the discriminant of a composite spec. */
export function defineComposite<K extends string, S extends ParamsSchema>(
  spec: Omit<CompositeSpec<K, S>, 'composite' | 'defaults'>,
): CompositeSpec<K, S> {
  return { ...spec, composite: true, defaults: spec.params.parse({}) }
}
