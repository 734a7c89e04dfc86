import type { EventName } from '../../shared/api'
import type { EventBus } from './types'

/**
 * An in-process event bus. A listener that throws is reported and does not stop the others:
 * one broken window must not starve the rest of progress events.
 */
export function createEventBus(
  onListenerError: (error: unknown) => void = console.error,
): EventBus {
  const byEvent = new Map<EventName, Set<(payload: never) => void>>()
  const any = new Set<(event: EventName, payload: unknown) => void>()

  const call = (fn: () => void): void => {
    try {
      fn()
    } catch (error) {
      onListenerError(error)
    }
  }

  return {
    emit(event, payload) {
      for (const listener of byEvent.get(event) ?? [])
        call(() => (listener as (p: typeof payload) => void)(payload))
      for (const listener of any) call(() => listener(event, payload))
    },
    on(event, listener) {
      let set = byEvent.get(event)
      if (!set) byEvent.set(event, (set = new Set()))
      set.add(listener as (payload: never) => void)
      return () => void set.delete(listener as (payload: never) => void)
    },
    onAny(listener) {
      any.add(listener)
      return () => void any.delete(listener)
    },
  }
}
