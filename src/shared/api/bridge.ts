/**
 * The shape the Electron preload exposes as `window.blockwise`: named async methods that
 * resolve with a result envelope (errors do not survive structured clone as classes) and
 * `onX(cb) → unsubscribe` events. Nothing raw: no channel names, no `invoke`.
 */
import type {
  ClientApi,
  CommandName,
  Domain,
  EventName,
  Listener,
  RequestOf,
  ResponseOf,
  Unsubscribe,
} from './contract'
import type { Result } from './codes'

type DomainOf<N extends string> = N extends `${infer D}:${string}` ? D : never
type VerbOf<N extends string> = N extends `${string}:${infer V}` ? V : never

export type BridgeApi = {
  [D in Domain]: {
    [C in CommandName as DomainOf<C> extends D ? VerbOf<C> : never]: (
      request?: RequestOf<C>,
    ) => Promise<Result<ResponseOf<C>>>
  } & {
    [E in EventName as DomainOf<E> extends D ? `on${Capitalize<VerbOf<E>>}` : never]: (
      listener: Listener<E>,
    ) => Unsubscribe
  }
}

/** The global the preload defines. */
export const BRIDGE_GLOBAL = 'blockwise'

export type { ClientApi }
