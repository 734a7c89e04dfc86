/**
 * Serve mode's defences, against the real server on loopback: the token, Host and Origin
 * checks (DNS rebinding, cross-site WebSockets), static files confined to the bundle, the
 * security headers, and the default loopback-only bind.
 */
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createServices, type Services } from '../services'
import { tempHome } from '../services/testing/transports'
import { startServer, type RunningServer } from './server'

let home: string
let services: Services
let server: RunningServer

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw request, so tests control the exact path bytes and the Host header (fetch normalises both). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((done, failed) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', failed)
    req.end(options.body)
  })
}

const authed = (): Record<string, string> => ({ Cookie: `blockwise_session=${server.token}` })
const api = (headers: Record<string, string> = {}): Promise<Reply> =>
  send('/api/system/info', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: '{}',
  })

function openSocket(headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((done) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers })
    ws.on('open', () => {
      ws.close()
      done('open')
    })
    ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0))
    ws.on('error', () => undefined)
  })
}

beforeAll(async () => {
  home = tempHome()
  services = await createServices({ home, transport: 'http', log: () => undefined })
  const renderer = join(home, 'renderer')
  mkdirSync(join(renderer, 'assets'), { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Blockwise</title>')
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(home, 'secret.txt'), 'do not serve')
  symlinkSync(join(home, 'secret.txt'), join(renderer, 'link.txt'))
  server = await startServer({ services, rendererDir: renderer, port: 0 })
})

afterAll(async () => {
  await server.close()
  await services.close()
  rmSync(home, { recursive: true, force: true })
})

describe('serve', () => {
  it('prints a URL with a token of at least 128 bits and listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/)
    expect(Buffer.from(server.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128)
    expect(server.address).toBe('127.0.0.1')
  })

  it('is not reachable on another address, even another loopback one', async () => {
    // A wildcard bind would accept on 127.0.0.2 too; a loopback bind refuses it.
    const outcome = await new Promise<string>((done) => {
      const socket = connect({ host: '127.0.0.2', port: server.port }, () => {
        socket.destroy()
        done('connected')
      })
      socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'))
    })
    expect(outcome).toBe('ECONNREFUSED')
  })

  it('--port 0 picks a free port and the URL names it', () => {
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toContain(`:${server.port}/`)
  })

  it('answers 401 without a token or with a wrong one', async () => {
    expect((await api()).status).toBe(401)
    expect((await api({ Cookie: 'blockwise_session=wrong' })).status).toBe(401)
    expect((await api({ Authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await send('/')).status).toBe(401)
    expect((await send('/?token=wrong')).status).toBe(401)
    expect(JSON.parse((await api()).body)).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: expect.any(String) },
    })
  })

  it('trades the token for an HttpOnly SameSite=Strict cookie and redirects it out of the URL', async () => {
    const reply = await send(`/?token=${server.token}&x=1`)
    expect(reply.status).toBe(303)
    expect(reply.headers.location).toBe('/?x=1')
    const cookie = String(reply.headers['set-cookie'])
    expect(cookie).toMatch(new RegExp(`^blockwise_session_[0-9a-f]{12}=${server.token};`))
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    expect((await api({ Cookie: `blockwise_session=${server.token}` })).status).toBe(200)
  })

  it('answers 403 to a foreign Host (DNS rebinding) even with the token', async () => {
    const reply = await api({ ...authed(), Host: `evil.example:${server.port}` })
    expect(reply.status).toBe(403)
    expect(JSON.parse(reply.body).error.code).toBe('FORBIDDEN')
    expect((await send('/', { headers: { ...authed(), Host: 'evil.example' } })).status).toBe(403)
  })

  it('answers 403 to a foreign Origin, and accepts its own', async () => {
    expect((await api({ ...authed(), Origin: 'http://evil.example' })).status).toBe(403)
    expect((await api({ ...authed(), Origin: 'null' })).status).toBe(403)
    expect((await api({ ...authed(), Origin: `https://127.0.0.1:${server.port}` })).status).toBe(
      403,
    )
    expect((await api({ ...authed(), Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200)
    expect((await api({ ...authed(), Origin: `http://localhost:${server.port}` })).status).toBe(200)
  })

  it('sends no wildcard CORS header', async () => {
    const reply = await api({ ...authed(), Origin: `http://127.0.0.1:${server.port}` })
    expect(reply.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('refuses a form post (not JSON) with 415', async () => {
    const reply = await send('/api/system/info', {
      method: 'POST',
      headers: { ...authed(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    })
    expect(reply.status).toBe(415)
  })

  it('answers bad API requests with a clear error', async () => {
    const post = (body: string, path = '/api/system/info'): Promise<Reply> =>
      send(path, {
        method: 'POST',
        headers: { ...authed(), 'Content-Type': 'application/json' },
        body,
      })
    const notJson = await post('{"id":')
    expect(notJson.status).toBe(400)
    expect(JSON.parse(notJson.body).error).toEqual({
      code: 'BAD_REQUEST',
      message: 'The request body is not valid JSON.',
    })
    const unknown = await post('{}', '/api/designs/explode')
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_COMMAND')
    const badShape = await post('{"id": "seven"}', '/api/designs/get')
    expect(badShape.status).toBe(400)
    expect(JSON.parse(badShape.body).error.message).toContain('designs:get: id')
    expect((await send('/api/system/info', { headers: authed() })).status).toBe(405)
  })

  it('refuses a body over the limit with 413', async () => {
    const small = await startServer({
      services,
      rendererDir: join(home, 'renderer'),
      port: 0,
      maxBodyBytes: 1024,
    })
    try {
      const reply = await new Promise<number>((done, failed) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: small.port,
            path: '/api/designs/save',
            method: 'POST',
            headers: {
              Host: `127.0.0.1:${small.port}`,
              Cookie: `blockwise_session=${small.token}`,
              'Content-Type': 'application/json',
            },
          },
          (res) => {
            res.resume()
            done(res.statusCode ?? 0)
          },
        )
        req.on('error', failed)
        req.end(JSON.stringify({ name: 'x'.repeat(4096) }))
      })
      expect(reply).toBe(413)
    } finally {
      await small.close()
    }
  })

  it('authenticates the WebSocket and checks its Origin and Host', async () => {
    expect(await openSocket({})).toBe(401)
    expect(await openSocket({ Cookie: 'blockwise_session=wrong' })).toBe(401)
    expect(await openSocket({ ...authed(), Origin: 'http://evil.example' })).toBe(403)
    expect(await openSocket({ ...authed(), Host: 'evil.example' })).toBe(403)
    expect(await openSocket({ ...authed(), Origin: `http://127.0.0.1:${server.port}` })).toBe(
      'open',
    )
  })

  it('forwards service events to WebSocket clients', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: authed() })
    await new Promise((done) => ws.on('open', done))
    const message = new Promise<string>((done) =>
      ws.on('message', (data: Buffer) => done(data.toString())),
    )
    services.events.emit('runs:status', { runId: 7, status: 'running', error: null })
    expect(JSON.parse(await message)).toEqual({
      event: 'runs:status',
      payload: { runId: 7, status: 'running', error: null },
    })
    ws.close()
  })

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/%2e%2e%5csecret.txt',
    '/..%5c..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/link.txt',
    '/%00index.html',
    '/%E0%A4%A',
  ])('static path %s → 404', async (path) => {
    const reply = await send(path, { headers: authed() })
    expect(reply.status).toBe(404)
    expect(reply.body).not.toContain('do not serve')
  })

  it('serves the bundle with CSP, nosniff and frame-ancestors none', async () => {
    const index = await send('/', { headers: authed() })
    expect(index.status).toBe(200)
    expect(index.body).toContain('<title>Blockwise</title>')
    const csp = String(index.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(index.headers['x-content-type-options']).toBe('nosniff')
    const asset = await send('/assets/app.js', { headers: authed() })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toContain('text/javascript')
  })
})
