import { basename, join } from 'node:path'

/** `runs/<id>/inspect/<checkpoint folder>/`: each checkpoint's results apart. */
export const cacheDirFor = (runDir: string, checkpointDir: string): string =>
  join(runDir, 'inspect', basename(checkpointDir) || 'checkpoint')
