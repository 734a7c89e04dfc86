import { ZodError } from 'zod'
import { ApiError, type ApiErrorData, type ErrorCode } from '../../shared/api'
import { StoreError, type StoreErrorCode } from '../store/errors'

export { ApiError }

/** Throws an `ApiError` with a catalogue code; handlers use it for expected failures. */
export function fail(code: ErrorCode, message: string): never {
  throw new ApiError(code, message)
}

const STORE_CODES: Record<StoreErrorCode, ErrorCode> = {
  'store/newer-version': 'INTERNAL',
  'store/not-a-database': 'INTERNAL',
  'store/read-only': 'INTERNAL',
  'store/not-found': 'NOT_FOUND',
  'store/conflict': 'CONFLICT',
}

/**
 * Turns anything a handler threw into wire data. Expected errors keep their code and message;
 * an unexpected one becomes INTERNAL with its message (this is a local, single-user app, so the
 * message helps more than it leaks) and is logged with its stack.
 */
export function toErrorData(
  error: unknown,
  log: (error: unknown) => void = console.error,
): ApiErrorData {
  if (error instanceof ApiError) return error.toData()
  if (error instanceof StoreError) return { code: STORE_CODES[error.code], message: error.message }
  if (error instanceof ZodError) return { code: 'BAD_REQUEST', message: formatZodError(error) }
  if (isSqliteConstraint(error, 'SQLITE_CONSTRAINT_UNIQUE')) {
    return { code: 'CONFLICT', message: 'That name is already taken.' }
  }
  log(error)
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}

function isSqliteConstraint(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code
}

/** "hyperparameters.epochs: Too small: expected number to be >0" — one line per issue. */
export function formatZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map(
      (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(payload)'}: ${issue.message}`,
    )
    .join('; ')
}
