import { expect, it } from 'vitest'
import { parseSettings } from '../../shared/training/settings'
import { parseParentMessage, parseTrainerMessage } from './messages'

it('keeps a NaN loss intact (divergence must cross the boundary)', () => {
  const batch = {
    type: 'batch',
    epoch: 1,
    batch: 3,
    batches: 10,
    step: 3,
    loss: NaN,
    accuracy: 0.1,
    lr: 0.1,
    imagesPerSec: 100,
  }
  const parsed = parseTrainerMessage(batch)
  expect(parsed.ok && parsed.message.type === 'batch' && Number.isNaN(parsed.message.loss)).toBe(
    true,
  )
})

it('names what is wrong with a message', () => {
  expect(parseTrainerMessage({ type: 'party' })).toMatchObject({
    ok: false,
    error: expect.stringMatching(/type/),
  })
  expect(parseTrainerMessage({ type: 'error', kind: 'boom', message: 'x' })).toMatchObject({
    ok: false,
    error: expect.stringMatching(/kind/),
  })
  expect(parseParentMessage({ type: 'start' })).toMatchObject({
    ok: false,
    error: expect.stringMatching(/job/),
  })
  expect(parseParentMessage({ type: 'stop' })).toEqual({ ok: true, message: { type: 'stop' } })
})

it('takes only a filled recipe, and defaults the backend to auto', () => {
  const design = { version: 1, name: 'd', nodes: [], edges: [] }
  const job = { runId: 1, design, home: '/h', datasetId: 'mnist', runDir: '/h/runs/1' }
  expect(parseParentMessage({ type: 'start', job: { ...job, settings: {} } })).toMatchObject({
    ok: false,
    error: expect.stringMatching(/settings/),
  })
  const settings = parseSettings({ epochs: 3 })
  const parsed = parseParentMessage({ type: 'start', job: { ...job, settings } })
  expect(parsed.ok && parsed.message.type === 'start' && parsed.message.job).toMatchObject({
    backend: 'auto',
    settings,
  })
})
