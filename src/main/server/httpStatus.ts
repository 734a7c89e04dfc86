import type { ErrorCode } from '../../shared/api'
import { assertNever } from '../../shared/assertNever'

/** The HTTP status that goes with each catalogue code (the body still carries the code). */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
      return 400
    case 'UNAUTHORIZED':
      return 401
    case 'FORBIDDEN':
      return 403
    case 'UNKNOWN_COMMAND':
    case 'NOT_FOUND':
    case 'DATASET_NOT_FOUND':
    case 'RUN_NOT_FOUND':
      return 404
    case 'CONFLICT':
    case 'RUN_STATE':
    case 'DATASET_IMPORT_CANCELLED':
    case 'DATASET_DUPLICATE':
      return 409
    case 'INVALID_DESIGN':
    case 'DATASET_IMPORT_FAILED':
    case 'EXPORT_FAILED':
      return 422
    case 'NOT_SUPPORTED':
      return 501
    case 'BACKEND_UNAVAILABLE':
    case 'UNREACHABLE':
      return 503
    case 'INTERNAL':
      return 500
    default:
      return assertNever(code, 'error code')
  }
}
