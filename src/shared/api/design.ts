/** The wire shape of a design. Structural only: block params are checked by the graph core. */
import { z } from 'zod'
import { DESIGN_VERSION, type Design } from '../graph/types'

const finite = z.number().refine(Number.isFinite, 'must be a finite number')

export const designNodeSchema = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
  position: z.object({ x: finite, y: finite }),
  label: z.string().optional(),
})

export const designEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  target: z.string().min(1),
  targetPort: z.number().int().nonnegative().optional(),
})

export const designSchema: z.ZodType<Design> = z.object({
  version: z.literal(DESIGN_VERSION),
  name: z.string(),
  nodes: z.array(designNodeSchema),
  edges: z.array(designEdgeSchema),
})
