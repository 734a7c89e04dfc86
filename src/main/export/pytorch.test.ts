import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tfl from '@tensorflow/tfjs-layers'
import { afterAll, describe, expect, it } from 'vitest'
import { expand, type Design } from '../../shared/graph'
import { templates } from '../../shared/templates'
import type { ExportGraph } from './graph'
import { exportPytorch, type ExportDataset } from './pytorch'
import { findPython } from './python'
import { everyKindGraph, lenetGraph, miniInception, miniResnet, maxAbsDiff, predict, random, randomBatch, trainedModel } from './testGraphs'

const python = findPython('torch')
if (!python) console.warn('SKIPPED: PyTorch export checks need python3 with torch (Debian: apt-get install python3-torch)')

// torch 1.13 on Python 3.11 (Debian 12) cannot parse torchrun's default "0" redirect settings;
// an explicit stdout tee sidesteps it and is valid on every version.
const TORCHRUN_WORKAROUND = ['--redirects', '1', '--tee', '1']

const dir = mkdtempSync(join(tmpdir(), 'blockwise-pytorch-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the exported model.py on the batch in a real Python and returns [logits, probabilities]. */
function runTorch(out: string, batch: { data: Float32Array; shape: number[] }): Float32Array {
  writeFileSync(join(out, 'input.bin'), batch.data)
  const script = `
import sys, numpy as np, torch
sys.path.insert(0, ${JSON.stringify(out)})
from model import load_model
x = np.fromfile(${JSON.stringify(join(out, 'input.bin'))}, dtype=np.float32).reshape(${JSON.stringify(batch.shape)})
with torch.no_grad():
    logits = load_model(${JSON.stringify(join(out, 'model.safetensors'))})(torch.from_numpy(x).permute(0, 3, 1, 2).contiguous())
logits.numpy().astype(np.float32).tofile(${JSON.stringify(join(out, 'logits.bin'))})
`
  execFileSync(python ?? 'python3', ['-c', script], { stdio: ['ignore', 'inherit', 'inherit'] })
  const bytes = readFileSync(join(out, 'logits.bin'))
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
}

function compare(label: string, design: Design | undefined, graph: ExportGraph): { diff: number; source: string } {
  const { model, weights } = trainedModel(graph, 11)
  const out = join(dir, label)
  exportPytorch(design ?? { version: 1, name: label, nodes: [], edges: [] }, graph, weights, out, { name: label })
  const batch = randomBatch(graph, 2)
  const logitsModel = tfl.model({ inputs: model.inputs, outputs: model.getLayer('output').output })
  const diff = maxAbsDiff(runTorch(out, batch), predict(logitsModel, batch))
  model.dispose()
  return { diff, source: readFileSync(join(out, 'model.py'), 'utf8') }
}

describe.skipIf(!python)('PyTorch export (python3 + torch)', () => {
  it('LeNet-5 in model.py matches tfjs', () => {
    const { diff, source } = compare('lenet', undefined, lenetGraph())
    expect(diff).toBeLessThanOrEqual(1e-4)
    expect(source).toContain('self.c1 = nn.Conv2d(1, 6, 5)')
    expect(source).toContain('torch.flatten(x.permute(0, 2, 3, 1), 1)')
  })

  it('a CIFAR ResNet written as stages of blocks matches tfjs', () => {
    const graph = expand(miniResnet)
    const { diff, source } = compare('resnet', miniResnet, graph)
    expect(diff).toBeLessThanOrEqual(1e-4)
    expect(source).toMatch(/self\.conv3_x = Stage\("basic", 8, 12, blocks=2, stride=2, shortcut="zeroPad"/)
    expect(source).toContain('class Block(nn.Module)')
    expect(source).toContain('self.res = Block(')
  })

  it('the CIFAR ResNet-20 template matches tfjs', () => {
    const design = templates.find((t) => t.id === 'cifar-resnet20')?.build()
    if (!design) throw new Error('no cifar-resnet20 template')
    expect(compare('resnet20', design, expand(design)).diff).toBeLessThanOrEqual(1e-4)
  })

  it('a net with inception modules and LRN matches tfjs', () => {
    const { diff, source } = compare('inception', miniInception, expand(miniInception))
    expect(diff).toBeLessThanOrEqual(1e-4)
    expect(source).toContain('self.inc3a = Inception(8, 4, 3, 5, 2, 3, 2)')
  })

  it('every primitive kind (asymmetric same padding, dilation, BN without scale) matches tfjs', () => {
    expect(compare('every', undefined, everyKindGraph()).diff).toBeLessThanOrEqual(1e-4)
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
      for (let i = 0; i < images.length; i++) images[i] = Math.floor(next() * 100) + (labels[Math.floor(i / 784)] === 7 ? 155 : 0)
      return { images, labels, count }
    }
    const dataset: ExportDataset = { shape: [28, 28, 1], classes: [...'0123456789'], train: split(256), test: split(64), mean: [127], std: [74] }
    const out = join(dir, 'ddp')
    const files = exportPytorch({ version: 1, name: 'LeNet', nodes: [], edges: [] }, graph, weights, out, { name: 'LeNet-5', dataset })
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['data.npz', 'model.py', 'model.safetensors', 'train.py'])
    const stdout = execFileSync(
      python ?? 'python3',
      ['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', ...TORCHRUN_WORKAROUND, 'train.py', '--epochs', '3', '--batch-size', '32', '--lr', '0.05'],
      { cwd: out, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 120_000 },
    )
    expect(stdout).toMatch(/epoch 1\/3: loss \d+\.\d+, accuracy \d\.\d+ \(256 examples, 2 processes\)/)
    // It learns: the last epoch and the test split are (nearly) all right.
    const last = /epoch 3\/3: loss (\d+\.\d+), accuracy (\d\.\d+)/.exec(stdout)
    expect(Number(last?.[2])).toBeGreaterThanOrEqual(0.9)
    expect(Number(/test accuracy (\d\.\d+) \(64 examples\)/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(0.9)
    expect(existsSync(join(out, 'checkpoint.pt'))).toBe(true)
    const keys = execFileSync(
      python ?? 'python3',
      ['-c', `import torch; c = torch.load('checkpoint.pt'); print(sorted(c['model'].keys())[:2], c['epochs'])`],
      { cwd: out, encoding: 'utf8' },
    )
    expect(keys.trim()).toBe("['c1.bias', 'c1.weight'] 3")
  })
})
