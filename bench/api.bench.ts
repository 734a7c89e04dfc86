/**
 * The API's own cost over each transport, the services being the same: a small command
 * (`system:info`), a large one (save + get of the ResNet-50 design), and an event's trip
 * from the bus to a client listener. Medians in milliseconds; HTTP/IPC ratios in the detail.
 */
import { performance } from 'node:perf_hooks'
import { getTemplate } from '../src/shared/templates'
import { harness, type Harness, type TransportName } from '../src/main/services/testing/transports'
import { measure } from './measure'
import type { Bench, BenchResult } from './types'

async function eventTrip(h: Harness): Promise<number> {
  const got = new Promise<number>((done) => {
    const off = h.client.runs.onStatus(() => {
      off()
      done(performance.now())
    })
  })
  // Let the WebSocket open before timing (the first subscription connects it).
  await new Promise((r) => setTimeout(r, 50))
  const start = performance.now()
  h.services.events.emit('runs:status', { runId: 1, status: 'running', error: null })
  return (await got) - start
}

const resnet50 = (): ReturnType<NonNullable<ReturnType<typeof getTemplate>>['build']> =>
  getTemplate('resnet50')!.build()
const designKiB = (JSON.stringify(resnet50()).length / 1024).toFixed(1)

async function forTransport(transport: TransportName): Promise<Record<string, number>> {
  const h = await harness(transport)
  try {
    const design = resnet50()
    const small = await measure(() => h.client.system.info(), { samples: 200, warmup: 20 })
    let id = 0
    const large = await measure(
      async () => {
        const saved = await h.client.designs.save({ name: `resnet50-${id++}`, design })
        await h.client.designs.get({ id: saved.id })
      },
      { samples: 30, warmup: 3 },
    )
    const trips: number[] = []
    for (let i = 0; i < 30; i++) trips.push(await eventTrip(h))
    trips.sort((a, b) => a - b)
    return { small: small.median, large: large.median, event: trips[Math.floor(trips.length / 2)]! }
  } finally {
    await h.close()
  }
}

const bench: Bench = {
  name: 'api',
  async run(): Promise<BenchResult[]> {
    const ipc = await forTransport('ipc')
    const http = await forTransport('http')
    const row = (key: string, label: string, samples: number): BenchResult[] => [
      {
        name: `${label}, IPC stand-in`,
        value: ipc[key]!,
        unit: 'ms',
        samples,
        detail: 'in-process, structured clone',
      },
      {
        name: `${label}, HTTP + WebSocket`,
        value: http[key]!,
        unit: 'ms',
        samples,
        detail: `${(http[key]! / ipc[key]!).toFixed(1)}× the IPC stand-in`,
      },
    ]
    return [
      ...row('small', 'system:info round trip', 200),
      ...row('large', `designs:save + designs:get, ResNet-50 (${designKiB} KiB JSON)`, 30),
      ...row('event', 'event from the bus to a client listener', 30),
    ]
  },
}

export default bench
