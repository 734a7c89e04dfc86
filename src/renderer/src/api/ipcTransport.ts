import { splitName, type BridgeApi, type EventName, type Result } from '../../../shared/api'
import { eventMethodName } from '../../../shared/api'
import type { Transport } from './transport'

type LooseBridge = Record<
  string,
  Record<string, ((arg: unknown) => unknown) | undefined> | undefined
>

/** The transport over the preload's `window.blockwise` object (Electron). */
export function ipcTransport(bridge: BridgeApi): Transport {
  const loose = bridge as unknown as LooseBridge
  return {
    kind: 'ipc',
    async invoke(command, payload) {
      const { domain, verb } = splitName(command)
      const method = loose[domain]?.[verb]
      if (!method)
        return {
          ok: false,
          error: { code: 'UNKNOWN_COMMAND', message: `No such command: ${command}` },
        }
      try {
        return (await method(payload)) as Result<unknown>
      } catch (error) {
        return {
          ok: false,
          error: { code: 'UNREACHABLE', message: `IPC failed: ${String(error)}` },
        }
      }
    },
    subscribe(event: EventName, listener) {
      const { domain } = splitName(event)
      const on = loose[domain]?.[eventMethodName(event)]
      if (!on) throw new Error(`No such event: ${event}`)
      return on(listener) as () => void
    },
    // The main process's events reach the window for as long as it lives: nothing to refetch.
    onReconnect() {
      return () => undefined
    },
  }
}
