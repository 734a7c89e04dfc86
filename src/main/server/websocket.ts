import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Services } from '../services'
import { checkHostAndOrigin, isAuthenticated } from './auth'

export interface EventsOptions {
  services: Services
  token: string
  hosts: Set<string>
}

/** A client this far behind stops getting per-batch progress until it catches up. */
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024
const PING_MS = 30_000

/**
 * Forwards every event of the services' bus to the WebSocket clients at `/api/events` as
 * `{event, payload}` JSON. The upgrade is checked like any request: Host, Origin, token.
 */
export function attachEvents(server: Server, options: EventsOptions): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  const alive = new WeakSet<WebSocket>()

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (url.pathname !== '/api/events') return refuse(404, 'Not Found')
    if (!checkHostAndOrigin(request, options.hosts).ok) return refuse(403, 'Forbidden')
    if (!isAuthenticated(request, options.token)) return refuse(401, 'Unauthorized')
    wss.handleUpgrade(request, socket, head, (ws) => {
      alive.add(ws)
      ws.on('pong', () => alive.add(ws))
      // Clients only listen; anything they send is ignored.
      ws.on('message', () => undefined)
      ws.on('error', () => ws.terminate())
    })
  })

  const unsubscribe = options.services.events.onAny((event, payload) => {
    const text = JSON.stringify({ event, payload })
    // A client too slow to keep up misses progress (its curves gap until reloaded), never a status.
    const droppable = event === 'runs:progress'
    for (const client of wss.clients) {
      if (client.readyState !== client.OPEN) continue
      if (droppable && client.bufferedAmount > SLOW_CLIENT_BYTES) continue
      client.send(text)
    }
  })

  const ping = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.has(client)) {
        client.terminate()
        continue
      }
      alive.delete(client)
      client.ping()
    }
  }, PING_MS)
  ping.unref()

  return {
    close() {
      clearInterval(ping)
      unsubscribe()
      for (const client of wss.clients) client.terminate()
      wss.close()
    },
  }
}
