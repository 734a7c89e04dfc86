/**
 * Binds the services to Electron IPC: one `handle` per command channel, each checking that the
 * sender is our own top frame before dispatching, and one event channel fanned out to every
 * window. Uses only the slice of `ipcMain` it needs so the contract tests can stand in for it.
 */
import { commandNames, type Result } from '../../shared/api'
import { commandChannel, EVENT_CHANNEL } from '../../shared/api/channels'
import type { Services } from '../services'

/** The parts of an `IpcMainInvokeEvent` the sender check reads. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, payload: unknown) => Promise<unknown>,
  ): void
  removeHandler(channel: string): void
}

/** Something that can receive events: an Electron `WebContents`. */
export interface EventTarget {
  isDestroyed(): boolean
  send(channel: string, message: unknown): void
}

/**
 * True when the call comes from the top frame of a page served from our bundle. Anything else
 * (an iframe, a page that navigated away, a devtools extension) is refused.
 */
export function trustedSender(event: InvokeEventLike, isOurUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame
  return frame !== null && frame.parent === null && isOurUrl(frame.url)
}

export interface IpcBinding {
  /** Starts sending events to this window until it is destroyed. */
  addTarget(target: EventTarget): void
  dispose(): void
}

export function bindIpc(
  ipcMain: IpcMainLike,
  services: Services,
  isOurUrl: (url: string) => boolean,
): IpcBinding {
  for (const command of commandNames) {
    ipcMain.handle(commandChannel(command), async (event, payload): Promise<Result<unknown>> => {
      if (!trustedSender(event, isOurUrl)) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: 'This frame may not call Blockwise.' },
        }
      }
      return services.dispatch(command, payload)
    })
  }
  const targets = new Set<EventTarget>()
  const unsubscribe = services.events.onAny((event, payload) => {
    for (const target of targets) {
      if (target.isDestroyed()) targets.delete(target)
      else target.send(EVENT_CHANNEL, { event, payload })
    }
  })
  return {
    addTarget: (target) => void targets.add(target),
    dispose() {
      unsubscribe()
      for (const command of commandNames) ipcMain.removeHandler(commandChannel(command))
      targets.clear()
    },
  }
}
