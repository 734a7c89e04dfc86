import type { Command } from 'commander'
import { registerDatasets } from './datasets'
import { registerExport } from './export'
import { registerImport } from './import'
import { registerInspect } from './inspect'
import { registerInspectRun } from './inspectRun'
import { registerRun } from './run'
import { registerRuns } from './runs'
import { registerServe } from './serve'
import { registerTemplates } from './templates'
import { registerTrain } from './train'

/** Every CLI command, one file each; a command registers itself on the program. */
export type RegisterCommand = (program: Command) => void

export const commands: RegisterCommand[] = [
  registerTemplates,
  registerInspect,
  registerServe,
  registerDatasets,
  registerImport,
  registerTrain,
  registerRuns,
  registerRun,
  registerExport,
  registerInspectRun,
]
