import { z } from 'zod'
import { hyperparametersSchema } from '../training/settings'
import { designSchema } from './design'

const shape = z.array(z.number())

export const templateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  year: z.number().int(),
  story: z.string(),
  dataset: z.string(),
  paper: z.object({ authors: z.string(), title: z.string() }),
  trainDefaults: hyperparametersSchema,
  /** Totals from the graph core's analysis; null when the template does not analyse. */
  params: z.number().nullable(),
  macs: z.number().nullable(),
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
