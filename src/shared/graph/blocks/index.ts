import { activation } from './activation'
import { add } from './add'
import { avgPool2d } from './avgPool2d'
import { batchNorm } from './batchNorm'
import { channelPad } from './channelPad'
import { concat } from './concat'
import { conv2d } from './conv2d'
import { dense } from './dense'
import { dropout } from './dropout'
import { flatten } from './flatten'
import { globalAvgPool } from './globalAvgPool'
import { group } from './group'
import { inceptionModule } from './inceptionModule'
import { input } from './input'
import { lrn } from './lrn'
import { maxPool2d } from './maxPool2d'
import { output } from './output'
import { residualBlock } from './residualBlock'
import type { CompositeSpec, PrimitiveSpec } from './spec'
import { stage } from './stage'
import { zeroPad2d } from './zeroPad2d'
import type { z } from 'zod'

/** Every block kind, in palette order. Adding a kind = one file + one line here. */
export const blocks = [
  input,
  conv2d,
  dense,
  flatten,
  zeroPad2d,
  channelPad,
  activation,
  maxPool2d,
  avgPool2d,
  globalAvgPool,
  batchNorm,
  lrn,
  dropout,
  concat,
  add,
  output,
  inceptionModule,
  residualBlock,
  stage,
  group,
] as const

export type BlockSpecs = (typeof blocks)[number]
export type BlockKind = BlockSpecs['kind']
export type PrimitiveKind = Extract<BlockSpecs, { composite: false }>['kind']
export type CompositeKind = Extract<BlockSpecs, { composite: true }>['kind']

/** The params of a kind, every default filled. */
export type ParamsOf<K extends BlockKind> = z.output<Extract<BlockSpecs, { kind: K }>['params']>

/** A spec of any kind, typed loosely for code that dispatches on `kind` at run time. */
export type AnyBlockSpec = PrimitiveSpec | CompositeSpec
/** Alias the editor uses. */
export type BlockSpec = AnyBlockSpec

const byKind = new Map<string, AnyBlockSpec>(blocks.map((b) => [b.kind, b as AnyBlockSpec]))

/** The spec of a kind, or undefined for a kind this build does not know. */
export function blockSpec(kind: string): AnyBlockSpec | undefined {
  return byKind.get(kind)
}

export function isBlockKind(kind: string): kind is BlockKind {
  return byKind.has(kind)
}

export type { CompositeSpec, PrimitiveSpec, Category, Ports, Window, InferResult } from './spec'
export { CATEGORIES } from './spec'
