import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCheckpointWeights } from './checkpoint'

const dir = mkdtempSync(join(tmpdir(), 'blockwise-ckpt-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function checkpoint(name: string, weights: unknown[], bin: Uint8Array, modelJson?: string): string {
  const d = join(dir, name)
  mkdirSync(d)
  writeFileSync(
    join(d, 'model.json'),
    modelJson ??
      JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['weights.bin'], weights }] }),
  )
  writeFileSync(join(d, 'weights.bin'), bin)
  return d
}

describe('readCheckpointWeights', () => {
  it('groups float32 and int32 weights by layer, in manifest order', () => {
    const bin = new Uint8Array(new Float32Array([1, 2, 3, 4, 0.5]).buffer)
    const ints = new Uint8Array(new Int32Array([7]).buffer)
    const d = checkpoint(
      'ok',
      [
        { name: 'conv1/kernel', shape: [1, 1, 1, 4], dtype: 'float32' },
        { name: 'conv1/bias', shape: [1], dtype: 'float32' },
        { name: 'stage2_block1_bn1/moving_mean', shape: [1], dtype: 'int32' },
      ],
      new Uint8Array([...bin, ...ints]),
    )
    const w = readCheckpointWeights(d)
    expect([...w.keys()]).toEqual(['conv1', 'stage2_block1_bn1'])
    expect(w.get('conv1')?.map((t) => [t.name, t.shape, Array.from(t.data)])).toEqual([
      ['conv1/kernel', [1, 1, 1, 4], [1, 2, 3, 4]],
      ['conv1/bias', [1], [0.5]],
    ])
    expect(Array.from(w.get('stage2_block1_bn1')?.[0]?.data ?? [])).toEqual([7])
  })

  it('says what is wrong with a missing, malformed, truncated or quantised checkpoint', () => {
    expect(() => readCheckpointWeights(join(dir, 'nowhere'))).toThrow(
      /missing on disk \(no model\.json\)/,
    )
    expect(() =>
      readCheckpointWeights(checkpoint('bad-json', [], new Uint8Array(), '{oops')),
    ).toThrow(/model\.json cannot be read/)
    const spec = { name: 'd/kernel', shape: [2, 2], dtype: 'float32' }
    expect(() => readCheckpointWeights(checkpoint('short', [spec], new Uint8Array(8)))).toThrow(
      /d\/kernel: the checkpoint's weight file is truncated/,
    )
    const quantised = { ...spec, quantization: { dtype: 'uint8', scale: 1, min: 0 } }
    expect(() =>
      readCheckpointWeights(checkpoint('quant', [quantised], new Uint8Array(4))),
    ).toThrow(/d\/kernel: weights of type float32 \(quantised\) are not supported/)
  })
})
