import { isAbsolute, join } from 'node:path'
import { exportDesign, ExportError, exportRun } from '../export'
import type { Store } from '../store'
import { ApiError, fail } from './errors'
import type { EventBus, Handlers } from './types'
import { assertNever } from '../../shared/assertNever'

type ExportHandlers = Pick<Handlers, 'exports:run' | 'exports:list' | 'exports:design'>

/** The export module's errors in the catalogue. */
function exportApiError(error: unknown): unknown {
  if (!(error instanceof ExportError)) return error
  switch (error.code) {
    case 'not-found':
      // The run exists (checked first), so what is missing is its checkpoint.
      return new ApiError('RUN_STATE', error.message)
    case 'bad-format':
      return new ApiError('BAD_REQUEST', error.message)
    case 'unsupported-block':
    case 'missing-weights':
    case 'bad-graph':
    case 'io':
      return new ApiError('EXPORT_FAILED', error.message)
    default:
      return assertNever(error.code, 'export error')
  }
}

/** A file-name-safe stem for default folders. */
const slug = (name: string): string =>
  name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'design'

/** The folder to write into: the one asked for (absolute only: relative to what?) or the default. */
function targetDir(outDir: string | undefined, fallback: string): string {
  if (outDir === undefined) return fallback
  if (!isAbsolute(outDir)) fail('BAD_REQUEST', `outDir must be an absolute path, not '${outDir}'.`)
  return outDir
}

/** Exports of trained runs and of designs; files go to `outDir` or under `<data dir>/exports/`. */
export function exportHandlers(deps: {
  store: Store
  home: string
  events: EventBus
}): ExportHandlers {
  const { store, home, events } = deps
  return {
    'exports:run': async ({ runId, format, outDir }) => {
      if (!store.runs.get(runId)) fail('RUN_NOT_FOUND', `No run with id ${runId}.`)
      const dir = targetDir(outDir, join(home, 'exports', String(runId), format))
      try {
        const result = await exportRun(store, home, runId, format, dir, (message) =>
          events.emit('exports:progress', { runId, message }),
        )
        return { ...result, format }
      } catch (error) {
        throw exportApiError(error)
      }
    },
    'exports:list': (request) => store.exports.list(request?.runId),
    'exports:design': async ({ design, outDir }) => {
      const dir = targetDir(
        outDir,
        join(home, 'exports', 'designs', `${slug(design.name)}-${Date.now()}`),
      )
      try {
        return { files: await exportDesign(design, dir) }
      } catch (error) {
        throw exportApiError(error)
      }
    },
  }
}
