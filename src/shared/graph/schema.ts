import { z } from 'zod'
import { DESIGN_VERSION, type Design, type DesignEdge, type DesignNode } from './types'

export const positionSchema = z.object({ x: z.number(), y: z.number() })

export const nodeSchema = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  // Checked against the kind's schema by `analyze`, so a bad value is a diagnostic, not a lost file.
  params: z.record(z.string(), z.unknown()),
  position: positionSchema,
  label: z.string().optional(),
}) satisfies z.ZodType<DesignNode>

export const edgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
  targetPort: z.number().int().min(0).optional(),
}) satisfies z.ZodType<DesignEdge>

export const designSchema = z.object({
  version: z.literal(DESIGN_VERSION),
  name: z.string(),
  nodes: z.array(nodeSchema),
  edges: z.array(edgeSchema),
}) satisfies z.ZodType<Design>
