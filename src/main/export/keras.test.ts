import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { expand } from '../../shared/graph'
import { exportKeras, kerasSource } from './keras'
import { findPython } from './python'
import { everyKindGraph, GraphBuilder, miniInception, miniResnet, trainedModel } from './testGraphs'
import { ExportError } from './types'

const python = findPython('numpy')
if (!python) console.warn('SKIPPED: Keras export checks need python3 with numpy')

const dir = mkdtempSync(join(tmpdir(), 'blockwise-keras-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Keras is not installed here: a recording stand-in runs build_model() and load_weights() so a
// wrong name, argument or weight count fails, then py_compile checks the syntax.
const STAND_IN = `
import json, sys
calls = []
class Tensor: pass
class Layer:
    def __init__(self, *args, name=None, **kwargs):
        self.kind, self.name, self.weights = type(self).__name__, name, None
        calls.append(self)
    def __call__(self, x):
        return Tensor()
    def set_weights(self, ws):
        self.weights = [list(w.shape) for w in ws]
class _Layers:
    Layer = Layer
    def __getattr__(self, kind):
        return type(kind, (Layer,), {})
layers = _Layers()
ops = None
class saving:
    @staticmethod
    def register_keras_serializable(package=None):
        return lambda cls: cls
def Input(shape, name=None):
    t = Tensor(); t.shape = shape; return t
class Model:
    def __init__(self, inputs, outputs, name=None):
        self.layers = list(calls)
`

describe.skipIf(!python)('Keras export', () => {
  it.each([
    ['every primitive kind', () => everyKindGraph()],
    ['a ResNet with zero-pad shortcuts', () => expand(miniResnet)],
    ['a GoogLeNet with LRN', () => expand(miniInception)],
  ])('writes model.py that builds %s and loads every weight with tfjs shapes', (label, make) => {
    const graph = make()
    const { model, weights } = trainedModel(graph, 4)
    const out = join(dir, label.replace(/\W+/g, '-'))
    exportKeras(graph, weights, out, label)
    mkdirSync(join(out, 'stub', 'keras'), { recursive: true })
    writeFileSync(join(out, 'stub', 'keras', '__init__.py'), STAND_IN)
    execFileSync(python ?? 'python3', ['-m', 'py_compile', join(out, 'model.py')])
    const report = execFileSync(
      python ?? 'python3',
      [
        '-c',
        'import json, model; m = model.load_weights(model.build_model()); print(json.dumps({l.name: l.weights for l in m.layers if l.weights}))',
      ],
      { cwd: out, encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(out, 'stub') } },
    )
    const loaded = JSON.parse(report) as Record<string, number[][]>
    const expected = Object.fromEntries(
      model.layers
        .filter((l) => l.weights.length)
        .map((l) => [l.name, l.weights.map((w) => w.shape)]),
    )
    expect(loaded).toEqual(expected)
    model.dispose()
    expect(readFileSync(join(out, 'model.py'), 'utf8')).toContain('def build_model():')
  })

  it('refuses a strided dilated convolution, naming the block and the format', () => {
    const g = new GraphBuilder()
    g.add('input', 'input', [], { height: 8, width: 8, channels: 1 })
    g.add('conv', 'conv2d', ['input'], { stride: 2, dilation: 2 }, 'n3')
    g.add('flatten', 'flatten', ['conv'])
    g.add('output', 'output', ['flatten'])
    expect(() => exportKeras(g.graph(), new Map(), join(dir, 'bad'), 'bad')).toThrow(ExportError)
    expect(() => kerasSource(g.graph(), 'x')).not.toThrow()
    expect(() => exportKeras(g.graph(), new Map(), join(dir, 'bad'), 'bad')).toThrow(
      /keras cannot express block n3 \(layer conv, conv2d\): a convolution with both stride > 1 and dilation > 1/,
    )
  })
})
