import { z } from 'zod'

export const transportSchema = z.enum(['ipc', 'http'])
export type Transport = z.infer<typeof transportSchema>

export const systemCommands = {
  'system:info': {
    request: z.object({}).optional(),
    response: z.object({
      version: z.string(),
      dataDir: z.string(),
      platform: z.string(),
      /** The tfjs backend the trainer will use, or null when none can be loaded. */
      backend: z
        .object({
          name: z.string(),
          version: z.string(),
          /** The native kernels a wasm/cpu trainer puts in front ("avx512, 2 threads"), or null. */
          nativeKernels: z.string().nullable(),
          /** The GPU a webgpu trainer will use, null on the CPU backends. */
          device: z.string().nullable(),
        })
        .nullable(),
      transport: transportSchema,
      /** True where `dialogs:openFile|saveFile` work (the desktop app); hide "Browse…" otherwise. */
      nativeDialogs: z.boolean(),
      /** A problem with the store the user should see (e.g. opened read-only). */
      storeProblem: z.string().nullable(),
    }),
  },
} as const
