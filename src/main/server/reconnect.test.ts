/**
 * The renderer's HTTP transport's event stream when the connection drops (serve mode over an SSH tunnel, a
 * laptop asleep): against a real WebSocket server that cuts every client off once.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws'
// eslint-disable-next-line no-restricted-imports -- the renderer's real transport, over a real socket
import { httpTransport } from '../../renderer/src/api/httpTransport'

let server: Server
let sockets: WebSocketServer
let origin = ''
let opened = 0

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(404).end())
  sockets = new WebSocketServer({ server, path: '/api/events' })
  sockets.on('connection', () => (opened += 1))
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const client of sockets.clients) client.terminate()
  await new Promise<void>((done) => sockets.close(() => done()))
  await new Promise<void>((done) => server.close(() => done()))
})

const until = async (ok: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const broadcast = (event: string, payload: unknown) => {
  for (const client of sockets.clients) client.send(JSON.stringify({ event, payload }))
}

describe('httpTransport after a dropped connection', () => {
  it('reopens the stream, says it did (once per drop), and keeps delivering events', async () => {
    const transport = httpTransport({
      baseUrl: origin,
      WebSocket: NodeWebSocket as unknown as typeof WebSocket,
    })
    const heard: unknown[] = []
    let reconnects = 0
    const offReconnect = transport.onReconnect(() => (reconnects += 1))
    const off = transport.subscribe('runs:status', (p) => heard.push(p))
    await until(() => opened === 1 && sockets.clients.size === 1)
    expect(reconnects).toBe(0)
    broadcast('runs:status', { runId: 1, status: 'running', error: null })
    await until(() => heard.length === 1)

    // The network drops: the server side of the socket dies without a closing handshake.
    for (const client of sockets.clients) client.terminate()
    await until(() => opened === 2 && sockets.clients.size === 1)
    await until(() => reconnects === 1)
    broadcast('runs:status', { runId: 1, status: 'completed', error: null })
    await until(() => heard.length === 2)
    expect(heard[1]).toEqual({ runId: 1, status: 'completed', error: null })

    offReconnect()
    for (const client of sockets.clients) client.terminate()
    await until(() => opened === 3 && sockets.clients.size === 1)
    expect(reconnects).toBe(1)
    off()
  })
})
