import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tfl from '@tensorflow/tfjs-layers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expand, type Design } from '../../shared/graph'
import { getTemplate } from '../../shared/templates'
import type { ExportGraph } from './graph'
import { exportPytorch, type ExportDataset } from './pytorch'
import { findPython } from './python'
import {
  everyKindGraph,
  groupedNet,
  lenetGraph,
  miniInception,
  miniResnet,
  maxAbsDiff,
  predict,
  random,
  randomBatch,
  trainedModel,
} from './testGraphs'

const python = findPython('torch')
if (!python)
  console.warn(
    'SKIPPED: PyTorch export checks need python3 with torch (Debian: apt-get install python3-torch)',
  )

// torch 1.13 on Python 3.11 (Debian 12) cannot parse torchrun's default "0" redirect settings;
// an explicit stdout tee sidesteps it and is valid on every version.
const TORCHRUN_WORKAROUND = ['--redirects', '1', '--tee', '1']

const dir = mkdtempSync(join(tmpdir(), 'blockwise-pytorch-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Case {
  label: string
  design?: Design
  graph: ExportGraph
}

const resnet20Template = getTemplate('cifar-resnet20')
if (!resnet20Template) throw new Error('no cifar-resnet20 template')
const resnet20 = resnet20Template.build()

const cases: Case[] = [
  { label: 'lenet', graph: lenetGraph() },
  { label: 'resnet', design: miniResnet, graph: expand(miniResnet) },
  { label: 'resnet20', design: resnet20, graph: expand(resnet20) },
  { label: 'inception', design: miniInception, graph: expand(miniInception) },
  { label: 'every', graph: everyKindGraph() },
  { label: 'group', design: groupedNet, graph: expand(groupedNet) },
]
const results = new Map<string, { diff: number; source: string }>()

/** Exports every case, runs all their model.py files in one Python (torch starts once), compares with tfjs logits. */
function compareAll(): void {
  const expected = new Map<string, Float32Array>()
  for (const c of cases) {
    const { model, weights } = trainedModel(c.graph, 11)
    const out = join(dir, c.label)
    exportPytorch(
      c.design ?? { version: 1, name: c.label, nodes: [], edges: [] },
      c.graph,
      weights,
      out,
      { name: c.label },
    )
    const batch = randomBatch(c.graph, 2)
    writeFileSync(join(out, 'input.bin'), batch.data)
    writeFileSync(join(out, 'shape.json'), JSON.stringify(batch.shape))
    const logitsModel = tfl.model({
      inputs: model.inputs,
      outputs: model.getLayer('output').output,
    })
    expected.set(c.label, predict(logitsModel, batch))
    model.dispose()
  }
  const script = `
import importlib, json, sys, numpy as np, torch
for out in sys.argv[1:]:
    sys.path.insert(0, out)
    sys.modules.pop("model", None)
    model = importlib.import_module("model")
    shape = json.load(open(out + "/shape.json"))
    x = np.fromfile(out + "/input.bin", dtype=np.float32).reshape(shape)
    with torch.no_grad():
        logits = model.load_model(out + "/model.safetensors")(torch.from_numpy(x).permute(0, 3, 1, 2).contiguous())
    logits.numpy().astype(np.float32).tofile(out + "/logits.bin")
    sys.path.remove(out)
`
  execFileSync(python ?? 'python3', ['-c', script, ...cases.map((c) => join(dir, c.label))], {
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  for (const c of cases) {
    const bytes = readFileSync(join(dir, c.label, 'logits.bin'))
    const got = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    )
    results.set(c.label, {
      diff: maxAbsDiff(got, expected.get(c.label) ?? []),
      source: readFileSync(join(dir, c.label, 'model.py'), 'utf8'),
    })
  }
}

function result(label: string): { diff: number; source: string } {
  const r = results.get(label)
  if (!r) throw new Error(`no result for ${label}`)
  return r
}

describe.skipIf(!python)('PyTorch export (python3 + torch)', () => {
  beforeAll(compareAll, 120_000)

  it('LeNet-5 in model.py matches tfjs', () => {
    const { diff, source } = result('lenet')
    expect(diff).toBeLessThanOrEqual(1e-4)
    expect(source).toContain('self.c1 = nn.Conv2d(1, 6, 5)')
    expect(source).toContain('torch.flatten(x.permute(0, 2, 3, 1), 1)')
  })

  it('a CIFAR ResNet written as stages of blocks matches tfjs', () => {
    const { diff, source } = result('resnet')
    expect(diff).toBeLessThanOrEqual(1e-4)
    expect(source).toMatch(
      /self\.conv3_x = Stage\("basic", 8, 12, blocks=2, stride=2, shortcut="zeroPad"/,
    )
    expect(source).toContain('class Block(nn.Module)')
    expect(source).toContain('self.res = Block(')
  })

  it('the CIFAR ResNet-20 template matches tfjs', () => {
    expect(result('resnet20').diff).toBeLessThanOrEqual(1e-4)
  })

  it('a net with inception modules and LRN matches tfjs', () => {
    const { diff, source } = result('inception')
    expect(diff).toBeLessThanOrEqual(1e-4)
    expect(source).toContain('self.inc3a = Inception(8, 4, 3, 5, 2, 3, 2)')
  })

  it('every primitive kind (asymmetric same padding, dilation, BN without scale) matches tfjs', () => {
    expect(result('every').diff).toBeLessThanOrEqual(1e-4)
  })

  it('a custom group is written layer by layer and matches tfjs', () => {
    const { diff, source } = result('group')
    expect(diff).toBeLessThanOrEqual(1e-4)
    expect(source).toContain('self.g1_r_conv1 = nn.Conv2d(8, 8, 3, padding=1, bias=False)')
    expect(source).not.toContain('class Block')
  })

  it('train.py trains with DistributedDataParallel on 2 CPU processes and writes a checkpoint', () => {
    const graph = lenetGraph()
    const { model, weights } = trainedModel(graph, 2)
    model.dispose()
    // A learnable task: dark images are class 3, bright ones class 7.
    const next = random(4)
    const split = (count: number) => {
      const labels = Uint8Array.from({ length: count }, (_, i) => (i % 2 ? 7 : 3))
      const images = new Uint8Array(count * 28 * 28)
      for (let i = 0; i < images.length; i++)
        images[i] = Math.floor(next() * 100) + (labels[Math.floor(i / 784)] === 7 ? 155 : 0)
      return { images, labels, count }
    }
    const dataset: ExportDataset = {
      shape: [28, 28, 1],
      classes: [...'0123456789'],
      train: split(256),
      test: split(64),
      mean: [127],
      std: [74],
    }
    const out = join(dir, 'ddp')
    const files = exportPytorch(
      { version: 1, name: 'LeNet', nodes: [], edges: [] },
      graph,
      weights,
      out,
      { name: 'LeNet-5', dataset },
    )
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual([
      'data.npz',
      'model.py',
      'model.safetensors',
      'train.py',
    ])
    const stdout = execFileSync(
      python ?? 'python3',
      [
        '-m',
        'torch.distributed.run',
        '--standalone',
        '--nproc_per_node=2',
        ...TORCHRUN_WORKAROUND,
        'train.py',
        '--epochs',
        '3',
        '--batch-size',
        '32',
        '--lr',
        '0.05',
      ],
      {
        cwd: out,
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '1' },
        timeout: 120_000,
      },
    )
    expect(stdout).toMatch(
      /epoch 1\/3: loss \d+\.\d+, accuracy \d\.\d+ \(256 examples, 2 processes\)/,
    )
    // It learns: the last epoch and the test split are (nearly) all right.
    const last = /epoch 3\/3: loss (\d+\.\d+), accuracy (\d\.\d+)/.exec(stdout)
    expect(Number(last?.[2])).toBeGreaterThanOrEqual(0.9)
    expect(
      Number(/test accuracy (\d\.\d+) \(64 examples\)/.exec(stdout)?.[1]),
    ).toBeGreaterThanOrEqual(0.9)
    expect(existsSync(join(out, 'checkpoint.pt'))).toBe(true)
    const keys = execFileSync(
      python ?? 'python3',
      [
        '-c',
        `import torch; c = torch.load('checkpoint.pt'); print(sorted(c['model'].keys())[:2], c['epochs'])`,
      ],
      { cwd: out, encoding: 'utf8' },
    )
    expect(keys.trim()).toBe("['c1.bias', 'c1.weight'] 3")
  })
})
