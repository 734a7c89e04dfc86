/**
 * `blockwise export` as a user runs it (the CLI's source through tsx, in its own process) on a
 * temp data directory holding a run with a real checkpoint.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expand } from '../../../shared/graph'
import { CheckpointWriter } from '../../engine/trainer/checkpoint'
import { miniInception, trainedModel } from '../../export/testGraphs'
import { databaseFile } from '../../home'
import { openStore } from '../../store'
import { newRun } from '../../store/testing/tempStore'

const repo = resolve(import.meta.dirname, '../../../..')
const home = mkdtempSync(join(tmpdir(), 'blockwise-export-cli-'))
let trained = 0
let untrained = 0

beforeAll(async () => {
  const store = openStore(databaseFile(home))
  try {
    const run = store.runs.create(newRun({ name: 'mini GoogLeNet', graph: miniInception }))
    const { model } = trainedModel(expand(miniInception), 3)
    const saved = await new CheckpointWriter(
      join(home, 'runs', String(run.id), 'checkpoints'),
      'fp',
    ).save(model, tf.train.sgd(0.1), 1, 5, 0.3, 0.2)
    model.dispose()
    store.checkpoints.add({
      runId: run.id,
      epoch: 1,
      step: 5,
      path: saved.path,
      valAccuracy: 0.3,
      isBest: true,
    })
    trained = run.id
    untrained = store.runs.create(newRun({ graph: miniInception })).id
  } finally {
    store.close()
  }
})
afterAll(() => rmSync(home, { recursive: true, force: true }))

function blockwise(...args: string[]) {
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repo, 'src/main/cli/index.ts'), ...args],
    {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, BLOCKWISE_HOME: home },
    },
  )
  return { status: res.status, stdout: res.stdout, stderr: res.stderr }
}
const lastJson = (stdout: string) =>
  JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? 'null') as Record<string, unknown>

describe('blockwise export', () => {
  it('writes a tfjs model with progress on stderr, and lists it as JSON', () => {
    const out = join(home, 'out-tfjs')
    const r = blockwise('export', String(trained), '--format', 'tfjs', '--out', out, '--json')
    expect(r.stderr).toMatch(/blockwise: reading the checkpoint of epoch 1 \(best\)/)
    expect(r.status).toBe(0)
    const result = lastJson(r.stdout)
    expect(result).toMatchObject({ runId: trained, format: 'tfjs', path: join(out, 'model.json') })
    expect(existsSync(join(out, 'weights.bin'))).toBe(true)
    const text = blockwise(
      'export',
      String(trained),
      '--format',
      'onnx',
      '--out',
      join(home, 'out-onnx'),
    )
    expect(text.status).toBe(0)
    expect(text.stdout).toMatch(/^Exported run \d+ as onnx: .*mini-GoogLeNet\.onnx$/m)
  }, 60_000)

  it('fails with the reason and a JSON error for an untrained run, a missing run and a bad format', () => {
    const none = blockwise(
      'export',
      String(untrained),
      '--format',
      'pytorch',
      '--out',
      join(home, 'x'),
      '--json',
    )
    expect(none.status).toBe(1)
    expect(lastJson(none.stdout)).toEqual({
      error: {
        code: 'not-found',
        message: `run ${untrained} has no checkpoint (status: queued): train it for at least one epoch, or export its 'design'`,
      },
    })
    const missing = blockwise('export', '999', '--format', 'onnx', '--out', join(home, 'x'))
    expect(missing.status).toBe(1)
    expect(missing.stderr).toMatch(/blockwise: no run 999/)
    const bad = blockwise('export', String(trained), '--format', 'caffe', '--out', join(home, 'x'))
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toMatch(/Allowed choices are tfjs, onnx, pytorch, keras, design/)
  }, 60_000)
})
