/**
 * Designs at the edge, through the built CLI as a user runs it: a chain of 10,000 layers and
 * 10,000 parallel branches into one concat, each inspected, trained on 64 images and exported
 * to every format, the exports run where a runtime is here (ONNX Runtime, PyTorch).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeDesign, type Design } from '../../../shared/graph'
import { chain, design, node } from '../../../shared/graph/testing'
import { writeImageFolder } from '../../datasets/testing/fixtures'
import { findPython } from '../../export/python'
import { buildCli, lastJson, type BuiltCli } from '../testing/builtCli'

const LAYERS = 10_000
const python = findPython('torch')

/** Input → conv → 10,000 ReLUs in a row → flatten → 10 classes. */
function deepChain(): Design {
  const relus = Array.from({ length: LAYERS }, (_, i) =>
    node(`r${i}`, 'activation', { fn: 'relu' }),
  )
  return chain(
    [
      node('in', 'input', { height: 28, width: 28, channels: 1 }),
      node('conv', 'conv2d', { filters: 4, kernel: 3, stride: 2 }),
      ...relus,
      node('flat', 'flatten'),
      node('out', 'output', { classes: 10 }),
    ],
    'deep chain',
  )
}

/** Input → 10,000 ReLU branches → one concat → global average pool → 10 classes. */
function wideFan(): Design {
  const branches = Array.from({ length: LAYERS }, (_, i) =>
    node(`b${i}`, 'activation', { fn: 'relu' }),
  )
  return design(
    [
      node('in', 'input', { height: 28, width: 28, channels: 1 }),
      ...branches,
      node('cat', 'concat'),
      node('gap', 'globalAvgPool'),
      node('out', 'output', { classes: 10 }),
    ],
    [
      ...branches.map((b): [string, string] => ['in', b.id]),
      ...branches.map((b, i): [string, string, number] => [b.id, 'cat', i]),
      ['cat', 'gap'],
      ['gap', 'out'],
    ],
    'wide fan',
  )
}

let cli: BuiltCli
let home = ''
const blockwise = (...args: string[]) => cli.run(args, { env: { BLOCKWISE_HOME: home } })

beforeAll(async () => {
  cli = buildCli('edge-cli')
  home = join(cli.root, 'home')
  const colours = Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [`c${i}`, [i * 25, 255 - i * 25, (i * 70) % 256]]),
  ) as Record<string, [number, number, number]>
  await writeImageFolder(join(cli.root, 'images'), colours, 9)
  const imported = blockwise(
    'import',
    join(cli.root, 'images'),
    '--size',
    '28',
    '--grayscale',
    '--name',
    'Swatches',
  )
  expect(imported.status, imported.stderr).toBe(0)
}, 240_000)
afterAll(() => cli.remove())

function writeDesign(d: Design): string {
  const file = join(cli.root, `${d.name.replace(/ /g, '-')}.json`)
  writeFileSync(file, serializeDesign(d))
  return file
}

/** Trains on the first 64 images for one epoch and returns the run's id. */
function train(file: string, ...extra: string[]): number {
  const r = blockwise(
    'train',
    file,
    '--dataset',
    'Swatches',
    '--epochs',
    '1',
    '--limit',
    '64',
    ...extra,
    '--json',
  )
  expect(r.status, r.stderr).toBe(0)
  const result = lastJson(r.stdout) as { runId: number; status: string; error: unknown }
  expect(result).toMatchObject({ status: 'completed', error: null })
  return result.runId
}

/** Exports the run to every format; checks what each wrote and runs ONNX (and PyTorch). */
async function exportEverywhere(runId: number): Promise<void> {
  const out = (format: string) => join(cli.root, 'exports', String(runId), format)
  for (const format of ['tfjs', 'onnx', 'pytorch', 'keras', 'design']) {
    const r = blockwise('export', String(runId), '--format', format, '--out', out(format), '--json')
    expect(r.status, `${format}: ${r.stderr}`).toBe(0)
    const result = lastJson(r.stdout) as { files: string[] }
    for (const f of result.files) expect(existsSync(f), f).toBe(true)
  }
  const modelJson = JSON.parse(readFileSync(join(out('tfjs'), 'model.json'), 'utf8')) as {
    modelTopology: { config: { layers: unknown[] } }
  }
  expect(modelJson.modelTopology.config.layers.length).toBeGreaterThan(LAYERS)

  // The ONNX model answers probabilities for a batch of two images…
  const onnxFile = readdirOnly(out('onnx'), '.onnx')
  const session = await ort.InferenceSession.create(onnxFile)
  const pixels = Float32Array.from({ length: 2 * 28 * 28 }, (_, i) => ((i * 37) % 101) / 101)
  const input = new ort.Tensor('float32', pixels, [2, 28, 28, 1])
  const probs = (await session.run({ [session.inputNames[0]!]: input }))[session.outputNames[0]!]!
  const p = probs.data as Float32Array
  expect(probs.dims).toEqual([2, 10])
  expect(p.slice(0, 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4)
  // …and PyTorch's model.py, loaded with the trained weights, gives the same ones.
  if (python) {
    const script = [
      'import json, sys, torch',
      'sys.path.insert(0, sys.argv[1])',
      'import model',
      'x = torch.tensor(json.loads(sys.argv[2])).reshape(2, 28, 28, 1).permute(0, 3, 1, 2)',
      'print(json.dumps(torch.softmax(model.load_model(sys.argv[1] + "/model.safetensors")(x), 1).flatten().tolist()))',
    ].join('\n')
    const torchProbs = JSON.parse(
      execFileSync(python, ['-c', script, out('pytorch'), JSON.stringify([...pixels])], {
        encoding: 'utf8',
        maxBuffer: 16 * 2 ** 20,
      }),
    ) as number[]
    torchProbs.forEach((v, i) => expect(v).toBeCloseTo(p[i]!, 4))
  }
}

/** The one file in `dir` whose name ends in `ext`. */
function readdirOnly(dir: string, ext: string): string {
  const [file, ...more] = readdirSync(dir).filter((f) => f.endsWith(ext))
  expect(more).toEqual([])
  return join(dir, file ?? '')
}

describe('designs at the edge, through the CLI', () => {
  it('a chain of 10,000 layers is inspected, trained and exported to every format', async () => {
    const file = writeDesign(deepChain())
    const inspected = blockwise('inspect', file)
    expect(inspected.status, inspected.stderr).toBe(0)
    expect(inspected.stdout).toContain('no diagnostics')
    const runId = train(file, '--batch-size', '16')
    await exportEverywhere(runId)
    // The inspector answers about it too (it builds the model on a deep-stack thread).
    const predicted = blockwise('predict', String(runId), 'test:0')
    expect(predicted.status, predicted.stderr).toBe(0)
    expect(predicted.stdout).toMatch(/\d+\.\d+%/)
  }, 600_000)

  it('10,000 branches into one concat: refused up front on wasm at batch 64, trained at batch 4', async () => {
    const file = writeDesign(wideFan())
    expect(blockwise('inspect', file).stdout).toContain('no diagnostics')
    const before = (lastJson(blockwise('runs', '--json').stdout) as { total: number }).total
    const refused = blockwise('train', file, '--dataset', 'Swatches', '--backend', 'wasm')
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(
      /This run needs ≈ .* at batch 64: .*; the WebAssembly backend holds at most 4\.29 GB\. Lower the batch size/,
    )
    expect((lastJson(blockwise('runs', '--json').stdout) as { total: number }).total).toBe(before)
    await exportEverywhere(train(file, '--batch-size', '4'))
  }, 600_000)
})
