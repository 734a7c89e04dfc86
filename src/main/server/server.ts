/**
 * `blockwise serve`: the API over HTTP (`POST /api/<domain>/<verb>`, JSON) and WebSocket
 * (`/api/events`), and the built renderer, on loopback by default. Every request must carry
 * the session token (cookie or bearer); Host and Origin must be this server's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Services } from '../services'
import {
  allowedHosts,
  checkHostAndOrigin,
  isAuthenticated,
  newToken,
  sameToken,
  sessionCookie,
} from './auth'
import { contentSecurityPolicy, SECURITY_HEADERS } from './csp'
import { EXPORT_FILE_ROUTE, findExportFile, sendExportFile } from './exportFile'
import { statusFor } from './httpStatus'
import { resolveStatic } from './static'
import { attachEvents } from './websocket'

export interface ServeOptions {
  services: Services
  /** The built renderer (out/renderer). */
  rendererDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token (tests); a fresh 256-bit one otherwise. */
  token?: string
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number
}

export interface RunningServer {
  /** The URL to open, with the token: `http://127.0.0.1:5179/?token=…`. */
  url: string
  origin: string
  host: string
  /** The address the socket is really bound to. */
  address: string
  port: number
  token: string
  close(): Promise<void>
}

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 5179
const MAX_BODY = 32 * 1024 * 1024

/** Starts the server and resolves once it listens. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST
  const token = options.token ?? newToken()
  const server = createServer()
  await listen(server, host, options.port ?? DEFAULT_PORT)
  const { port, address } = server.address() as AddressInfo
  const hosts = allowedHosts(host, port)
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : urlHost
  const origin = `http://${displayHost}:${port}`
  const csp = contentSecurityPolicy([...hosts].map((h) => `ws://${h}`))
  const context: RequestContext = {
    ...options,
    token,
    hosts,
    csp,
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY,
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(context, request, response).catch((error: unknown) => {
      console.error(error)
      if (!response.headersSent)
        sendJson(response, 500, {
          ok: false,
          error: { code: 'INTERNAL', message: 'Server error.' },
        })
      else response.destroy()
    })
  })
  const events = attachEvents(server, { services: options.services, token, hosts })

  return {
    url: `${origin}/?token=${token}`,
    origin,
    host,
    address,
    port,
    token,
    async close() {
      events.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((done, failed) => {
    server.once('error', failed)
    server.listen(port, host, () => {
      server.off('error', failed)
      done()
    })
  })
}

interface RequestContext extends ServeOptions {
  token: string
  hosts: Set<string>
  csp: string
  maxBodyBytes: number
}

async function handle(
  ctx: RequestContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
  response.setHeader('Content-Security-Policy', ctx.csp)

  const origin = checkHostAndOrigin(request, ctx.hosts)
  if (!origin.ok) return sendError(response, 'FORBIDDEN', origin.reason)

  const url = new URL(request.url ?? '/', 'http://localhost')
  const offered = url.searchParams.get('token')
  if (offered !== null && (request.method === 'GET' || request.method === 'HEAD')) {
    if (!sameToken(offered, ctx.token)) return sendUnauthorized(request, response, url)
    // Trade the token for a cookie and drop it from the address bar (and from history).
    url.searchParams.delete('token')
    response.setHeader('Set-Cookie', sessionCookie(ctx.token))
    response.setHeader('Cache-Control', 'no-store')
    response.writeHead(303, { Location: `${url.pathname}${url.search}` })
    response.end()
    return
  }
  if (!isAuthenticated(request, ctx.token)) return sendUnauthorized(request, response, url)

  const exportFile = EXPORT_FILE_ROUTE.exec(url.pathname)
  if (exportFile && (request.method === 'GET' || request.method === 'HEAD')) {
    const found = await findExportFile(ctx.services.store, exportFile[1] ?? '')
    if (!found.ok) return sendError(response, 'NOT_FOUND', found.message)
    return sendExportFile(response, found, request.method === 'HEAD')
  }
  if (url.pathname.startsWith('/api/')) return handleApi(ctx, request, response, url)
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD')
    return sendError(response, 'BAD_REQUEST', 'Method not allowed.', 405)
  }
  const file = await resolveStatic(ctx.rendererDir, url.pathname)
  if (!file) return sendError(response, 'NOT_FOUND', `Not found: ${url.pathname}`)
  response.writeHead(200, {
    'Content-Type': file.type,
    'Content-Length': file.size,
    'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (request.method === 'HEAD') return void response.end()
  file.open().pipe(response)
}

async function handleApi(
  ctx: RequestContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  response.setHeader('Cache-Control', 'no-store')
  const match = /^\/api\/([a-zA-Z]+)\/([a-zA-Z]+)$/.exec(url.pathname)
  if (!match) return sendError(response, 'UNKNOWN_COMMAND', `No such endpoint: ${url.pathname}`)
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST')
    return sendError(response, 'BAD_REQUEST', 'Commands are sent with POST.', 405)
  }
  // JSON only: a cross-site HTML form cannot send this content type without a preflight.
  const type = request.headers['content-type'] ?? ''
  if (!/^application\/json\b/i.test(type))
    return sendError(response, 'BAD_REQUEST', 'Send the request as application/json.', 415)
  const body = await readBody(request, ctx.maxBodyBytes)
  if (body === 'too-large')
    return sendError(
      response,
      'BAD_REQUEST',
      `The request is larger than ${ctx.maxBodyBytes} bytes.`,
      413,
    )
  let payload: unknown
  try {
    payload = body.length === 0 ? undefined : JSON.parse(body)
  } catch {
    return sendError(response, 'BAD_REQUEST', 'The request body is not valid JSON.')
  }
  const result = await ctx.services.dispatch(`${match[1]}:${match[2]}`, payload)
  sendJson(response, result.ok ? 200 : statusFor(result.error.code), result)
}

function readBody(request: IncomingMessage, limit: number): Promise<string | 'too-large'> {
  return new Promise((done, failed) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) over = true
      else chunks.push(chunk)
    })
    request.on('end', () => done(over ? 'too-large' : Buffer.concat(chunks).toString('utf8')))
    request.on('error', failed)
  })
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  })
  response.end(body)
}

function sendError(
  response: ServerResponse,
  code: Parameters<typeof statusFor>[0],
  message: string,
  status?: number,
): void {
  sendJson(response, status ?? statusFor(code), { ok: false, error: { code, message } })
}

/** 401; a person opening the page without the token gets a page that says what to do. */
function sendUnauthorized(request: IncomingMessage, response: ServerResponse, url: URL): void {
  const message = 'Open the URL that `blockwise serve` printed (it carries the session token).'
  const wantsHtml =
    !url.pathname.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html')
  if (!wantsHtml) return sendError(response, 'UNAUTHORIZED', message)
  const body = `<!doctype html><meta charset="utf-8"><title>Blockwise — sign-in needed</title><body style="font:16px system-ui;margin:4em" data-app-state="error"><h1>Not signed in</h1><p>${message}</p></body>`
  response.writeHead(401, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  })
  response.end(body)
}
