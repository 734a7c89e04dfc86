import { z } from 'zod'
import { designSchema } from './design'

export const designIdSchema = z.number().int().positive()

export const designSummarySchema = z.object({
  id: designIdSchema,
  name: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type DesignSummary = z.infer<typeof designSummarySchema>

const designName = z.string().trim().min(1, 'a design needs a name').max(200)

export const designsCommands = {
  'designs:list': {
    request: z.object({}).optional(),
    response: z.array(designSummarySchema),
  },
  'designs:get': {
    request: z.object({ id: designIdSchema }),
    response: designSummarySchema.extend({ design: designSchema }),
  },
  /** Creates a design when `id` is absent, else overwrites it. */
  'designs:save': {
    request: z.object({ id: designIdSchema.optional(), name: designName, design: designSchema }),
    response: z.object({ id: designIdSchema, updatedAt: z.number() }),
  },
  'designs:delete': {
    request: z.object({ id: designIdSchema }),
    response: z.object({ id: designIdSchema }),
  },
  'designs:rename': {
    request: z.object({ id: designIdSchema, name: designName }),
    response: z.object({ id: designIdSchema, updatedAt: z.number() }),
  },
} as const
