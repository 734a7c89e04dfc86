/**
 * The renderer's one way to reach the services. `api.designs.save(req)` resolves with the
 * data or rejects with an `ApiError {code, message}`; `api.runs.onProgress(cb)` returns an
 * unsubscribe function. The transport is the preload's bridge inside Electron, else HTTP +
 * WebSocket to `blockwise serve`.
 */
import {
  ApiError,
  BRIDGE_GLOBAL,
  commandNames,
  eventMethodName,
  eventNames,
  splitName,
  type BridgeApi,
  type ClientApi,
} from '../../../shared/api'
import { httpTransport } from './httpTransport'
import { ipcTransport } from './ipcTransport'
import type { Transport } from './transport'

export { ApiError }
export type { ClientApi }
export type { Transport }

/** Builds the typed client over a transport. */
export function createClient(transport: Transport): ClientApi & { readonly transport: Transport } {
  const domains: Record<string, Record<string, unknown>> = {}
  const domain = (name: string): Record<string, unknown> => (domains[name] ??= {})
  for (const command of commandNames) {
    const { domain: d, verb } = splitName(command)
    domain(d)[verb] = async (request?: unknown) => {
      const result = await transport.invoke(command, request)
      if (!result.ok)
        throw new ApiError(result.error.code, result.error.message, result.error.details)
      return result.data
    }
  }
  for (const event of eventNames) {
    const { domain: d } = splitName(event)
    domain(d)[eventMethodName(event)] = (listener: (payload: unknown) => void) =>
      transport.subscribe(event, listener)
  }
  return Object.assign(domains as unknown as ClientApi, { transport })
}

/** The preload's bridge when running inside Electron. */
function bridge(): BridgeApi | undefined {
  return (globalThis as unknown as Record<string, BridgeApi | undefined>)[BRIDGE_GLOBAL]
}

/** Picks the transport for this page: IPC in Electron, HTTP + WebSocket in a browser. */
export function defaultTransport(): Transport {
  const b = bridge()
  return b ? ipcTransport(b) : httpTransport()
}

/** The app's client. Created on first use so tests can build their own with `createClient`. */
export const api: ClientApi & { readonly transport: Transport } = lazyClient()

function lazyClient(): ClientApi & { readonly transport: Transport } {
  let client: (ClientApi & { readonly transport: Transport }) | null = null
  const get = (): ClientApi & { readonly transport: Transport } =>
    (client ??= createClient(defaultTransport()))
  return new Proxy({} as ClientApi & { readonly transport: Transport }, {
    get: (_target, key) => get()[key as keyof ClientApi],
  })
}
