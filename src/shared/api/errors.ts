/**
 * The one catalogue of error codes that cross a process boundary. Errors travel as data
 * (`{ok: false, error: {code, message}}`) because class identity does not survive structured
 * clone or JSON; each side rebuilds an `ApiError` from the code.
 */
import { z } from 'zod'
import { ERROR_CODES, type ApiErrorData, type ApiErrorDetails, type ErrorCode } from './codes'

export {
  ERROR_CODES,
  isApiErrorData,
  parseResult,
  type ApiErrorData,
  type ApiErrorDetails,
  type ErrorCode,
  type Result,
} from './codes'

export const errorCodeSchema = z.enum(ERROR_CODES)

/** A failed command, rebuilt on the caller's side from `{code, message, details?}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ApiErrorDetails,
  ) {
    super(message)
  }

  toData(): ApiErrorData {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message }
  }
}
