import { z } from 'zod'
import { designSchema } from './design'
import { runIdSchema } from './runs'

export const exportFormatSchema = z.enum(['tfjs', 'onnx', 'pytorch', 'keras', 'design'])
export type ExportFormat = z.infer<typeof exportFormatSchema>

/** A folder on the machine that runs the services; a default under the data directory otherwise. */
const outDir = z.string().min(1).max(4096).optional()

export const exportRecordSchema = z.object({
  id: z.number().int().positive(),
  runId: runIdSchema,
  format: z.string(),
  /** The main file written (model.json, .onnx, model.py, .blockwise.json). */
  path: z.string(),
  bytes: z.number().nullable(),
  createdAt: z.number(),
})
export type ExportRecord = z.infer<typeof exportRecordSchema>

export const exportsCommands = {
  /** Writes a run's best checkpoint as a model ('design' needs no checkpoint). */
  'exports:run': {
    request: z.object({ runId: runIdSchema, format: exportFormatSchema, outDir }),
    response: z.object({
      exportId: z.number().int().positive(),
      runId: runIdSchema,
      format: exportFormatSchema,
      path: z.string(),
      files: z.array(z.string()),
      bytes: z.number().nonnegative(),
    }),
  },
  /** Exports recorded for one run, or for all runs. */
  'exports:list': {
    request: z.object({ runId: runIdSchema.optional() }).optional(),
    response: z.array(exportRecordSchema),
  },
  /** Writes a design (not yet trained) as a design file, SVG and PNG diagram. */
  'exports:design': {
    request: z.object({ design: designSchema, outDir }),
    response: z.object({ files: z.array(z.string()) }),
  },
} as const

export const exportsEvents = {
  /** What an export is doing now ("reading the checkpoint of epoch 7", "writing onnx"). */
  'exports:progress': z.object({ runId: runIdSchema, message: z.string() }),
} as const
