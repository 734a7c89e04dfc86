/**
 * Builds the object the preload exposes as `window.blockwise` from the contract: one named
 * async method per command and one `onX(cb) → unsubscribe` per event. Pure (no Electron
 * import) so the contract tests can drive it through an IPC stand-in.
 */
// Only zod-free modules: a sandboxed preload cannot load packages, and the bundle stays small.
import type { BridgeApi } from '../shared/api/bridge'
import { COMMAND_CHANNEL_PREFIX, commandChannel, EVENT_CHANNEL } from '../shared/api/channels'
import { parseResult, type Result } from '../shared/api/codes'
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  eventMethodName,
  isEventNameString,
  splitName,
  type EventNameList,
} from '../shared/api/names'

export { COMMAND_CHANNEL_PREFIX, EVENT_CHANNEL, commandChannel }

/** The two things the bridge needs from `ipcRenderer`. */
export interface RendererIpc {
  invoke(channel: string, payload: unknown): Promise<unknown>
  /** Subscribes to the event channel; the callback gets the message only, never the IPC event. */
  onEvent(listener: (message: unknown) => void): void
}

export function buildBridge(ipc: RendererIpc): BridgeApi {
  const listeners = new Map<EventNameList, Set<(payload: unknown) => void>>()
  ipc.onEvent((message) => {
    if (typeof message !== 'object' || message === null) return
    const { event, payload } = message as { event?: unknown; payload?: unknown }
    if (typeof event !== 'string' || !isEventNameString(event)) return
    for (const listener of listeners.get(event) ?? []) listener(payload)
  })

  const api: Record<string, Record<string, unknown>> = {}
  const domain = (name: string): Record<string, unknown> => (api[name] ??= {})
  for (const command of COMMAND_NAMES) {
    const { domain: d, verb } = splitName(command)
    domain(d)[verb] = async (request?: unknown): Promise<Result<unknown>> => {
      try {
        return parseResult(await ipc.invoke(commandChannel(command), request))
      } catch (error) {
        return {
          ok: false,
          error: { code: 'UNREACHABLE', message: `IPC failed: ${String(error)}` },
        }
      }
    }
  }
  for (const event of EVENT_NAMES) {
    domain(splitName(event).domain)[eventMethodName(event)] = (listener: unknown) => {
      if (typeof listener !== 'function')
        throw new TypeError(`${eventMethodName(event)} needs a function`)
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const fn = listener as (payload: unknown) => void
      set.add(fn)
      return () => void set.delete(fn)
    }
  }
  return api as unknown as BridgeApi
}
