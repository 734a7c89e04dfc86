import { z } from 'zod'

const filter = z.object({ name: z.string(), extensions: z.array(z.string()) })

/** Native file dialogs: only in the desktop app (serve mode answers NOT_SUPPORTED). */
export const dialogsCommands = {
  'dialogs:openFile': {
    request: z.object({
      title: z.string().optional(),
      filters: z.array(filter).optional(),
      directory: z.boolean().optional(),
    }),
    /** null when the user cancelled. */
    response: z.object({ path: z.string().nullable() }),
  },
  'dialogs:saveFile': {
    request: z.object({
      title: z.string().optional(),
      defaultName: z.string().optional(),
      filters: z.array(filter).optional(),
    }),
    response: z.object({ path: z.string().nullable() }),
  },
} as const
