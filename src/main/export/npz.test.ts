import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { encodeNpy, encodeNpz } from './npz'

const dir = mkdtempSync(join(tmpdir(), 'blockwise-npz-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const hasNumpy = (() => {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('npz', () => {
  it('lays out a .npy header padded to 64 bytes', () => {
    const npy = encodeNpy({ data: new Uint8Array([1, 2, 3, 4, 5, 6]), shape: [2, 3] })
    expect(npy.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY')
    const headerLength = npy.readUInt16LE(8)
    expect((10 + headerLength) % 64).toBe(0)
    expect(npy.subarray(10, 10 + headerLength).toString('latin1')).toContain("'shape': (2, 3)")
    expect(() => encodeNpy({ data: new Uint8Array(5), shape: [2, 3] })).toThrow(
      /does not hold 5 values/,
    )
  })

  it.skipIf(!hasNumpy)('is read by numpy.load with the same values, dtypes and shapes', () => {
    const images = Uint8Array.from({ length: 2 * 4 * 3 * 1 }, (_, i) => (i * 37) % 256)
    const path = join(dir, 'data.npz')
    writeFileSync(
      path,
      encodeNpz({
        x_train: { data: images, shape: [2, 4, 3, 1] },
        y_train: { data: BigInt64Array.from([3n, 9n]), shape: [2] },
        w: { data: Float32Array.from([0.5, -1.25]), shape: [2] },
      }),
    )
    const out = execFileSync(
      'python3',
      [
        '-c',
        `import numpy as np, json; d = np.load(${JSON.stringify(path)}); print(json.dumps({k: [str(d[k].dtype), list(d[k].shape), d[k].astype('float64').ravel().tolist()] for k in d.files}))`,
      ],
      { encoding: 'utf8' },
    )
    const got = JSON.parse(out) as Record<string, [string, number[], number[]]>
    expect(got.x_train).toEqual(['uint8', [2, 4, 3, 1], Array.from(images)])
    expect(got.y_train).toEqual(['int64', [2], [3, 9]])
    expect(got.w).toEqual(['float32', [2], [0.5, -1.25]])
  })
})
