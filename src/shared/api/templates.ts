import { z } from 'zod'
import { designSchema } from './design'

const shape = z.array(z.number())

export const templateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  year: z.number().int(),
  story: z.string(),
  dataset: z.string(),
  params: z.number(),
  macs: z.number(),
  inputShape: shape.nullable(),
  outputShape: shape.nullable(),
})
export type TemplateSummary = z.infer<typeof templateSummarySchema>

export const templatesCommands = {
  'templates:list': {
    request: z.object({}).optional(),
    response: z.array(templateSummarySchema),
  },
  'templates:get': {
    request: z.object({ id: z.string().min(1) }),
    response: z.object({ id: z.string(), design: designSchema }),
  },
} as const
