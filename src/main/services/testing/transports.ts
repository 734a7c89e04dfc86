/**
 * The two ways a renderer reaches the services, set up for tests: Electron IPC through an
 * in-process stand-in for ipcMain/ipcRenderer (payloads and results structured-cloned as
 * Electron does), and the real HTTP + WebSocket server on loopback.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket as NodeWebSocket } from 'ws'
import { buildBridge } from '../../../preload/bridge'
// eslint-disable-next-line no-restricted-imports -- the contract suite drives the renderer's real client
import { createClient, httpTransport, ipcTransport } from '../../../renderer/src/api'
// eslint-disable-next-line no-restricted-imports -- ipc.ts imports no Electron; the stand-in replaces ipcMain
import { bindIpc, type IpcMainLike, type InvokeEventLike } from '../../electron/ipc'
import { startServer } from '../../server'
import { createServices, type Services } from '..'

export type TestClient = ReturnType<typeof createClient>

export interface Harness {
  services: Services
  client: TestClient
  home: string
  close(): Promise<void>
}

export type TransportName = 'ipc' | 'http'

/** A temp data directory that `close()` removes. */
export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'blockwise-test-'))
}

export async function harness(transport: TransportName): Promise<Harness> {
  const home = tempHome()
  const services = await createServices({
    home,
    transport,
    validateResponses: true,
    log: () => undefined,
  })
  const { client, close } =
    transport === 'ipc' ? ipcClient(services) : await httpClient(services, home)
  return {
    services,
    client,
    home,
    async close() {
      await close()
      await services.close()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

const APP_URL = 'app://bundle/index.html'

function ipcClient(services: Services): { client: TestClient; close(): Promise<void> } {
  const handlers = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<unknown>>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  }
  const binding = bindIpc(ipcMain, services, (url) => url.startsWith('app://bundle/'))
  const eventListeners: ((message: unknown) => void)[] = []
  binding.addTarget({
    isDestroyed: () => false,
    send: (_channel, message) => eventListeners.forEach((l) => l(structuredClone(message))),
  })
  const bridge = buildBridge({
    async invoke(channel, payload) {
      const handler = handlers.get(channel)
      if (!handler) throw new Error(`No handler registered for '${channel}'`)
      const event: InvokeEventLike = { senderFrame: { url: APP_URL, parent: null } }
      return structuredClone(await handler(event, structuredClone(payload)))
    },
    onEvent: (listener) => void eventListeners.push(listener),
  })
  return { client: createClient(ipcTransport(bridge)), close: async () => binding.dispose() }
}

async function httpClient(
  services: Services,
  home: string,
): Promise<{ client: TestClient; close(): Promise<void> }> {
  const rendererDir = join(home, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>test</title>')
  const server = await startServer({ services, rendererDir, port: 0 })
  const auth = { Authorization: `Bearer ${server.token}` }
  const authedFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...auth } })
  class AuthedWebSocket extends NodeWebSocket {
    constructor(url: string) {
      super(url, { headers: auth })
    }
  }
  const transport = httpTransport({
    baseUrl: server.origin,
    fetch: authedFetch,
    WebSocket: AuthedWebSocket as unknown as typeof WebSocket,
  })
  return { client: createClient(transport), close: () => server.close() }
}
