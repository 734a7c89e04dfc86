import {
  isEventName,
  parseResult,
  splitName,
  type EventName,
  type Result,
} from '../../../shared/api'
import type { Transport } from './transport'

export interface HttpTransportOptions {
  /** Origin of the server; the page's own by default. */
  baseUrl?: string
  /** Injected in tests; the browser's by default. */
  fetch?: typeof fetch
  WebSocket?: typeof WebSocket
}

const RECONNECT_MS = [250, 500, 1000, 2000, 5000] as const
const OPEN_WAIT_MS = 3000

/**
 * The transport for `blockwise serve`: commands as `POST /api/<domain>/<verb>` (JSON), events
 * over one WebSocket at `/api/events`, opened on the first subscription, kept open, and reopened
 * with backoff when it drops while someone listens. The session cookie authenticates both.
 */
export function httpTransport(options: HttpTransportOptions = {}): Transport {
  // Read through a narrow view of globalThis: this file is also compiled for Node (tests).
  const page = globalThis as unknown as {
    location?: { origin: string }
    WebSocket?: typeof WebSocket
  }
  const base = options.baseUrl ?? page.location?.origin ?? 'http://127.0.0.1'
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const socketClass = options.WebSocket ?? page.WebSocket
  if (!socketClass) throw new Error('httpTransport needs a WebSocket implementation')
  const WS: typeof WebSocket = socketClass
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  let socket: WebSocket | null = null
  /** Settles when the socket being opened is open (or failed): commands wait for it. */
  let opening: Promise<void> | null = null
  let attempt = 0
  /** Whether a socket was open before: the next open is a reconnection. */
  let wasOpen = false
  const reconnectListeners = new Set<() => void>()

  const listenerCount = (): number => [...listeners.values()].reduce((n, set) => n + set.size, 0)

  function connect(): void {
    if (socket || listenerCount() === 0) return
    const url = new URL('/api/events', base)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WS(url.href)
    socket = ws
    let done: () => void = () => undefined
    const pending = new Promise<void>((resolve) => (done = resolve))
    const settle = (): void => {
      if (opening === pending) opening = null
      done()
    }
    opening = pending
    ws.onopen = () => {
      attempt = 0
      settle()
      if (wasOpen) for (const listener of [...reconnectListeners]) listener()
      wasOpen = true
    }
    ws.onerror = () => settle()
    ws.onmessage = (message: MessageEvent) => {
      let parsed: unknown
      try {
        parsed = JSON.parse(String(message.data))
      } catch {
        return
      }
      if (typeof parsed !== 'object' || parsed === null) return
      const { event, payload } = parsed as { event?: unknown; payload?: unknown }
      if (typeof event !== 'string' || !isEventName(event)) return
      for (const listener of listeners.get(event) ?? []) listener(payload)
    }
    ws.onclose = () => {
      settle()
      socket = null
      if (listenerCount() === 0) return
      const delay = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)]
      attempt += 1
      setTimeout(connect, delay)
    }
  }

  return {
    kind: 'http',
    onReconnect(listener) {
      reconnectListeners.add(listener)
      return () => void reconnectListeners.delete(listener)
    },
    async invoke(command, payload): Promise<Result<unknown>> {
      const { domain, verb } = splitName(command)
      // Subscribe-then-call must see the call's events: let a socket being opened finish first
      // (bounded, so a broken WebSocket never blocks commands).
      if (opening) {
        let timer: ReturnType<typeof setTimeout> | undefined
        await Promise.race([opening, new Promise((r) => (timer = setTimeout(r, OPEN_WAIT_MS)))])
        clearTimeout(timer)
      }
      let response: Response
      try {
        response = await doFetch(new URL(`/api/${domain}/${verb}`, base).href, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload ?? null),
        })
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'UNREACHABLE',
            message: `The Blockwise server cannot be reached (${String(error)}).`,
          },
        }
      }
      if (response.status === 401) {
        return {
          ok: false,
          error: {
            code: 'UNAUTHORIZED',
            message:
              'This page is not signed in to the Blockwise server. Open the URL that `blockwise serve` printed.',
          },
        }
      }
      try {
        return parseResult(await response.json())
      } catch {
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `The server answered ${response.status} without a JSON body.`,
          },
        }
      }
    },
    subscribe(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      connect()
      // The socket stays open after the last listener leaves: the next subscription needs no
      // handshake, and no event falls between two sockets.
      return () => void set.delete(listener)
    },
  }
}
