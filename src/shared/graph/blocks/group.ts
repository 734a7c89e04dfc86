import { z } from 'zod'
import { edgeSchema, nodeSchema } from '../schema'
import { defineComposite } from './spec'

/**
 * A custom block made from a selection of the canvas. Its inside is a sub-design with exactly
 * one `input` node (standing for the tensor that flows into the group; its own params are
 * ignored) and exactly one exit: the one inner node that feeds no other inner node.
 */
export const group = defineComposite({
  kind: 'group',
  label: 'Group',
  category: 'composite',
  description: 'A custom block made from blocks you grouped; open it to edit its inside.',
  params: z.object({
    nodes: z
      .array(nodeSchema)
      .default(() => [{ id: 'in', kind: 'input', params: {}, position: { x: 0, y: 0 } }])
      .meta({ description: 'The blocks inside; one of kind input is the entry' }),
    edges: z
      .array(edgeSchema)
      .default(() => [])
      .meta({ description: 'Connections inside' }),
    origin: z
      .object({ kind: z.string(), params: z.record(z.string(), z.unknown()) })
      .optional()
      .meta({
        description:
          'The block this group was made from by Edit as group (the plain twin reads it to find the shortcut)',
      }),
  }),
  ports: { inputs: 1 },
  build: (p, b, x) => b.design(p, x),
})
