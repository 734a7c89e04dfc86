/** The IPC binding refuses calls from frames that are not our top-level page. */
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../services'
import { tempHome } from '../services/testing/transports'
import { bindIpc, type InvokeEventLike, type IpcMainLike } from './ipc'
import { ourUrlMatcher } from './urls'

let home: string
let services: Services
const handlers = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<unknown>>()
const ipcMain: IpcMainLike = {
  handle: (channel, listener) => void handlers.set(channel, listener),
  removeHandler: (channel) => void handlers.delete(channel),
}

beforeAll(async () => {
  home = tempHome()
  services = await createServices({ home, transport: 'ipc', log: () => undefined })
  bindIpc(ipcMain, services, ourUrlMatcher())
})

afterAll(async () => {
  await services.close()
  rmSync(home, { recursive: true, force: true })
})

const call = (frame: InvokeEventLike['senderFrame']): Promise<unknown> =>
  handlers.get('blockwise:system:info')!({ senderFrame: frame }, {})

describe('IPC sender check', () => {
  it('answers our top frame', async () => {
    expect(await call({ url: 'app://bundle/index.html', parent: null })).toMatchObject({
      ok: true,
      data: { transport: 'ipc' },
    })
  })

  it.each([
    ['an iframe of our page', { url: 'app://bundle/index.html', parent: {} }],
    ['a page that navigated away', { url: 'https://evil.example/', parent: null }],
    ['a look-alike origin', { url: 'app://bundle.evil/index.html', parent: null }],
    ['a file:// page', { url: 'file:///tmp/x.html', parent: null }],
    ['a destroyed frame', null],
  ])('refuses %s', async (_name, frame) => {
    expect(await call(frame)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.any(String) },
    })
  })

  it('registers one channel per command', () => {
    expect([...handlers.keys()].every((c) => c.startsWith('blockwise:'))).toBe(true)
    expect(handlers.has('blockwise:designs:save')).toBe(true)
  })
})
