import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseTrainerMessage } from './messages'
import { forkTrainer, trainerEntry } from './spawn'

const root = mkdtempSync(join(tmpdir(), 'blockwise-spawn-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('trainerEntry', () => {
  it('prefers the built trainer.js beside the bundle or its parent (chunks/)', () => {
    writeFileSync(join(root, 'trainer.js'), '')
    mkdirSync(join(root, 'chunks'))
    expect(trainerEntry(root)).toEqual({ file: join(root, 'trainer.js'), execArgv: [] })
    expect(trainerEntry(join(root, 'chunks'))).toEqual({
      file: join(root, 'trainer.js'),
      execArgv: [],
    })
  })

  it('falls back to the TypeScript source through tsx, and says where it looked otherwise', () => {
    expect(trainerEntry(import.meta.dirname)).toEqual({
      file: join(import.meta.dirname, 'trainer', 'main.ts'),
      execArgv: ['--import', 'tsx'],
    })
    const empty = mkdtempSync(join(tmpdir(), 'blockwise-spawn-empty-'))
    expect(() => trainerEntry(empty)).toThrow(
      /cannot find the trainer: neither trainer.js nor trainer\/main.ts beside/,
    )
    rmSync(empty, { recursive: true })
  })
})

describe('the trainer process', () => {
  it('answers a malformed message with a protocol error instead of dying', async () => {
    const channel = forkTrainer()
    const replies: unknown[] = []
    const exited = new Promise<void>((resolve) => channel.onExit(() => resolve()))
    const first = new Promise<void>((resolve) =>
      channel.onMessage((raw) => {
        replies.push(raw)
        resolve()
      }),
    )
    channel.send({ type: 'start', job: { runId: -1 } } as never)
    await first
    const parsed = parseTrainerMessage(replies[0])
    expect(parsed.ok && parsed.message).toMatchObject({
      type: 'error',
      kind: 'protocol',
      message: expect.stringMatching(/bad message from the supervisor: job/),
    })
    channel.send({ type: 'stop' })
    await exited
  }, 60_000)
})
