import { describe, expect, it } from 'vitest'
import { commandNames, eventNames } from '../shared/api'
import { buildBridge, commandChannel, EVENT_CHANNEL } from './bridge'

function fakeIpc() {
  const calls: [string, unknown][] = []
  let deliver: (message: unknown) => void = () => undefined
  return {
    calls,
    emit: (message: unknown) => deliver(message),
    ipc: {
      invoke: async (channel: string, payload: unknown) => {
        calls.push([channel, payload])
        return { ok: true, data: { echoed: payload } }
      },
      onEvent: (listener: (message: unknown) => void) => void (deliver = listener),
    },
  }
}

describe('buildBridge', () => {
  it('exposes one method per command and one onX per event, nothing else', () => {
    const bridge = buildBridge(fakeIpc().ipc) as unknown as Record<string, Record<string, unknown>>
    const names = Object.entries(bridge).flatMap(([domain, methods]) =>
      Object.keys(methods).map((m) => `${domain}.${m}`),
    )
    const expected = [
      ...commandNames.map((c) => c.replace(':', '.')),
      ...eventNames.map((e) => {
        const [domain, verb] = e.split(':') as [string, string]
        return `${domain}.on${verb[0]!.toUpperCase()}${verb.slice(1)}`
      }),
    ]
    expect(names.sort()).toEqual(expected.sort())
    expect(
      Object.values(bridge).every((d) => Object.values(d).every((f) => typeof f === 'function')),
    ).toBe(true)
  })

  it('sends a command on its own channel and returns the envelope', async () => {
    const fake = fakeIpc()
    const bridge = buildBridge(fake.ipc)
    expect(await bridge.designs.get({ id: 3 })).toEqual({ ok: true, data: { echoed: { id: 3 } } })
    expect(fake.calls).toEqual([[commandChannel('designs:get'), { id: 3 }]])
    expect(commandChannel('designs:get')).not.toBe(EVENT_CHANNEL)
  })

  it('turns a malformed reply or a failed invoke into an error envelope', async () => {
    const bridge = buildBridge({ invoke: async () => 'garbage', onEvent: () => undefined })
    expect(await bridge.system.info()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    const failing = buildBridge({
      invoke: () => Promise.reject(new Error('gone')),
      onEvent: () => undefined,
    })
    expect(await failing.system.info()).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } })
  })

  it('delivers events to their listeners only, until unsubscribed; ignores unknown events', () => {
    const fake = fakeIpc()
    const bridge = buildBridge(fake.ipc)
    const got: unknown[] = []
    const off = bridge.runs.onStatus((p) => got.push(p))
    fake.emit({ event: 'runs:status', payload: { runId: 1, status: 'running', error: null } })
    fake.emit({ event: 'runs:progress', payload: { runId: 1 } })
    fake.emit({ event: 'evil:thing', payload: {} })
    fake.emit('not an object')
    off()
    fake.emit({ event: 'runs:status', payload: { runId: 2, status: 'completed', error: null } })
    expect(got).toEqual([{ runId: 1, status: 'running', error: null }])
    expect(() => bridge.runs.onStatus('x' as never)).toThrow(TypeError)
  })
})
