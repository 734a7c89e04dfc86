import { commands, isCommandName, type Result } from '../../shared/api'
import { formatZodError, toErrorData } from './errors'
import type { Handlers } from './types'

export interface DispatchOptions {
  /** Check every response against the contract too (tests turn this on). */
  validateResponses?: boolean
  log?: (error: unknown) => void
}

export type Dispatch = (command: string, payload: unknown) => Promise<Result<unknown>>

/**
 * The one typed entry the transports call: looks the command up, validates the request
 * against the contract (BAD_REQUEST with the zod issues otherwise), runs the handler and wraps
 * the outcome in a result envelope. Never throws.
 */
export function createDispatch(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  return async (command, payload) => {
    if (!isCommandName(command)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_COMMAND', message: `No such command: ${command}` },
      }
    }
    const schema = commands[command]
    // `null` is how JSON says "no payload"; commands without a request accept it as absent.
    const parsed = schema.request.safeParse(payload === null ? undefined : payload)
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'BAD_REQUEST', message: `${command}: ${formatZodError(parsed.error)}` },
      }
    }
    try {
      const handler = handlers[command] as (request: unknown) => unknown
      const data = await handler(parsed.data)
      if (options.validateResponses) {
        const checked = schema.response.safeParse(data)
        if (!checked.success) {
          return {
            ok: false,
            error: {
              code: 'INTERNAL',
              message: `${command} answered outside the contract: ${formatZodError(checked.error)}`,
            },
          }
        }
      }
      return { ok: true, data }
    } catch (error) {
      return { ok: false, error: toErrorData(error, options.log) }
    }
  }
}
