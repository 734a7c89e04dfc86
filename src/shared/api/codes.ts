/**
 * The error catalogue and the result envelope without zod, so the sandboxed preload (which
 * cannot load packages) can check envelopes too.
 */
export const ERROR_CODES = [
  /** The request payload did not match the command's schema. */
  'BAD_REQUEST',
  /** The command name is not part of the contract. */
  'UNKNOWN_COMMAND',
  /** The HTTP/WebSocket caller did not present the session token. */
  'UNAUTHORIZED',
  /** The caller came from a foreign Host or Origin. */
  'FORBIDDEN',
  'NOT_FOUND',
  /** A name is already taken (design or dataset rename). */
  'CONFLICT',
  /** A design failed to parse or has errors that block the action. */
  'INVALID_DESIGN',
  'DATASET_NOT_FOUND',
  'DATASET_IMPORT_FAILED',
  'DATASET_IMPORT_CANCELLED',
  /**
   * The import's decoded content equals a stored dataset's; the message names it ("This data
   * is already in Blockwise as “MNIST” (imported 27 Nov 2026).") and nothing was stored.
   * `datasets:import` with `allowDuplicate: true` stores it anyway.
   */
  'DATASET_DUPLICATE',
  'RUN_NOT_FOUND',
  /** The run is in a state that does not allow the action (e.g. delete while running). */
  'RUN_STATE',
  /** The trainer's backend (or the trainer itself) cannot be started. */
  'BACKEND_UNAVAILABLE',
  /** Writing a model failed (a block the format cannot express, unreadable weights, disk). */
  'EXPORT_FAILED',
  /** The command exists only in the desktop app (native dialogs). */
  'NOT_SUPPORTED',
  /** The transport could not reach the services (server down, IPC missing). */
  'UNREACHABLE',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** Facts a caller can act on, by code; most errors carry none. */
export interface ApiErrorDetails {
  /** DATASET_DUPLICATE: the stored dataset that already holds the same data. */
  existingDataset?: { id: string; name: string }
}

export interface ApiErrorData {
  code: ErrorCode
  message: string
  details?: ApiErrorDetails
}

/** What every command returns across a boundary. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiErrorData }

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)

/** True for a value shaped like `ApiErrorData` (e.g. after structured clone). */
export function isApiErrorData(value: unknown): value is ApiErrorData {
  if (typeof value !== 'object' || value === null) return false
  const v = value as { code?: unknown; message?: unknown }
  return typeof v.code === 'string' && CODES.has(v.code) && typeof v.message === 'string'
}

/** Parses an envelope that came over the wire; a malformed one becomes an INTERNAL error. */
export function parseResult(value: unknown): Result<unknown> {
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    const v = value as { ok: unknown; data?: unknown; error?: unknown }
    if (v.ok === true) return { ok: true, data: v.data }
    if (v.ok === false && isApiErrorData(v.error))
      return { ok: false, error: withCleanDetails(v.error) }
  }
  return {
    ok: false,
    error: { code: 'INTERNAL', message: 'Malformed response from the services.' },
  }
}

/** Keeps only the details this build understands, so the caller can trust their shape. */
function withCleanDetails(error: ApiErrorData): ApiErrorData {
  const { code, message } = error
  const existing = (error.details as { existingDataset?: unknown } | undefined)?.existingDataset
  if (typeof existing !== 'object' || existing === null) return { code, message }
  const { id, name } = existing as { id?: unknown; name?: unknown }
  if (typeof id !== 'string' || typeof name !== 'string') return { code, message }
  return { code, message, details: { existingDataset: { id, name } } }
}
