import type {
  CommandName,
  EventName,
  EventPayloadOf,
  ParsedRequestOf,
  ResponseOf,
} from '../../shared/api'

/** One command's implementation: gets the validated request, returns the response data. */
export type Handler<C extends CommandName> = (
  request: ParsedRequestOf<C>,
) => Promise<ResponseOf<C>> | ResponseOf<C>

/** Every command of the contract, implemented once for all transports. */
export type Handlers = { [C in CommandName]: Handler<C> }

/** Typed publish/subscribe for the contract's events; the transports forward them. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void
  on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void
  /** Every event, for transports that forward them all (WebSocket, IPC). */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void
}
