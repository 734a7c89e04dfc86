import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { afterAll, expect, it } from 'vitest'
import { defaultWasmPath, initBackend } from '.'

// Its own file, so its own process: the wasm binary is read once, when the backend first
// initialises, and this must be the first time.
const packaged = mkdtempSync(join(tmpdir(), 'blockwise-wasm-packaged-'))
afterAll(() => rmSync(packaged, { recursive: true, force: true }))

it('loads the wasm binaries from a folder of their own, as a packaged app ships them', async () => {
  for (const file of readdirSync(defaultWasmPath()).filter((f) => f.endsWith('.wasm'))) {
    copyFileSync(join(defaultWasmPath(), file), join(packaged, file))
  }
  const info = await initBackend('wasm', { wasmPath: packaged })
  expect(info.name).toBe('wasm')
  expect(info.detail).toContain(packaged)
  const y = tf.conv2d(
    tf.ones([1, 4, 4, 1]) as tf.Tensor4D,
    tf.ones([3, 3, 1, 1]) as tf.Tensor4D,
    1,
    'same',
  )
  expect(Array.from(await y.data()).slice(0, 4)).toEqual([4, 6, 6, 4])
})
