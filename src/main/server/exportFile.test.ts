/**
 * The export download route against the real server: only with the session, only recorded
 * exports by numeric id, nothing reachable by a path in the URL.
 */
import { request as httpRequest } from 'node:http'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Design } from '../../shared/graph/types'
import { createServices, type Services } from '../services'
import { tempHome } from '../services/testing/transports'
import { startServer, type RunningServer } from './server'

let home: string
let services: Services
let server: RunningServer
let exportId = 0
let exportPath = ''
let runId = 0

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** A raw request: the path goes out byte for byte (fetch would normalise `..`). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((done, failed) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { Host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        )
      },
    )
    req.on('error', failed)
    req.end()
  })
}

const session = (): Record<string, string> => ({ Cookie: `blockwise_session=${server.token}` })

beforeAll(async () => {
  home = tempHome()
  services = await createServices({ home, transport: 'http', log: () => undefined })
  const renderer = join(home, 'renderer')
  mkdirSync(renderer, { recursive: true })
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Blockwise</title>')
  writeFileSync(join(home, 'secret.txt'), 'do not serve')
  server = await startServer({ services, rendererDir: renderer, port: 0 })
  const template = await services.dispatch('templates:get', { id: 'lenet5' })
  if (!template.ok) throw new Error(template.error.message)
  const { design } = template.data as { design: Design }
  const run = services.store.runs.create({
    name: 'tiny',
    designName: design.name,
    graph: design,
    hyperparameters: {},
    datasetId: null,
  })
  services.store.runs.finish(run.id, { status: 'stopped' })
  runId = run.id
  const exported = await services.dispatch('exports:run', { runId: run.id, format: 'design' })
  if (!exported.ok) throw new Error(exported.error.message)
  ;({ exportId, path: exportPath } = exported.data as { exportId: number; path: string })
})

afterAll(async () => {
  await server.close()
  await services.close()
  rmSync(home, { recursive: true, force: true })
})

describe('GET /api/exports/<id>/file', () => {
  it('sends the recorded file as an attachment with the session', async () => {
    const reply = await get(`/api/exports/${exportId}/file`, session())
    expect(reply.status).toBe(200)
    expect(reply.body.equals(readFileSync(exportPath))).toBe(true)
    expect(reply.headers['content-type']).toBe('application/octet-stream')
    expect(reply.headers['content-disposition']).toMatch(
      /^attachment; filename=".+\.blockwise\.json"/,
    )
    const head = await get(`/api/exports/${exportId}/file`, session(), 'HEAD')
    expect(head.status).toBe(200)
    expect(Number(head.headers['content-length'])).toBe(readFileSync(exportPath).length)
  })

  it('refuses without the session token', async () => {
    const reply = await get(`/api/exports/${exportId}/file`)
    expect(reply.status).toBe(401)
    expect(reply.body.toString()).not.toContain('"nodes"')
    const wrong = await get(`/api/exports/${exportId}/file`, { Cookie: 'blockwise_session=nope' })
    expect(wrong.status).toBe(401)
  })

  it.each([
    '/api/exports/../../secret.txt/file',
    '/api/exports/..%2F..%2Fsecret.txt/file',
    '/api/exports/%2e%2e/file',
    '/api/exports/1e3/file',
    '/api/exports/0/file',
    '/api/exports/-1/file',
    '/api/exports/999/file',
  ])('%s is not found and serves nothing', async (path) => {
    const reply = await get(path, session())
    expect(reply.status).toBe(404)
    expect(reply.body.toString()).not.toContain('do not serve')
  })

  it('says so when the recorded file was deleted', async () => {
    const gone = services.store.exports.add({
      runId,
      format: 'onnx',
      path: join(home, 'gone.onnx'),
      bytes: 1,
    })
    const reply = await get(`/api/exports/${gone.id}/file`, session())
    expect(reply.status).toBe(404)
    expect(JSON.parse(reply.body.toString())).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('gone.onnx') },
    })
  })

  it('POST to the route is not a command', async () => {
    const reply = await get(
      `/api/exports/${exportId}/file`,
      { ...session(), 'Content-Type': 'application/json' },
      'POST',
    )
    expect(reply.status).not.toBe(200)
  })
})
