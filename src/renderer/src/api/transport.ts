import type { EventName, Transport as TransportKind, Unsubscribe } from '../../../shared/api'
import type { Result } from '../../../shared/api'

/** How the client reaches the services: Electron IPC or HTTP + WebSocket. */
export interface Transport {
  readonly kind: TransportKind
  /** Sends one command; never rejects (failures come back as an error envelope). */
  invoke(command: string, payload: unknown): Promise<Result<unknown>>
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe
  /**
   * Called each time the event stream comes back after a drop (HTTP: the WebSocket reopened),
   * so listeners can fetch what they missed. IPC never drops and never calls it.
   */
  onReconnect(listener: () => void): Unsubscribe
}
