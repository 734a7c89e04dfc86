import { resolve } from 'node:path'

/** The repository root (the e2e tests run the built app from `out/`). */
export const ROOT = resolve(import.meta.dirname, '..', '..')
