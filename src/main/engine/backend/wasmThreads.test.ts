import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import * as tf from '@tensorflow/tfjs-core'
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm'
import { afterAll, describe, expect, it } from 'vitest'
import { initBackend } from '.'

const run = promisify(execFile)
const scratch = mkdtempSync(join(tmpdir(), 'blockwise-wasm-threads-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

// Its own file, so its own process: threads are chosen when the wasm backend first starts.
describe('multithreaded wasm under Node', () => {
  it('starts the threaded SIMD build with the threads asked for, and computes right', async () => {
    const info = await initBackend('wasm', { wasmThreads: 2 })
    expect(info.detail).toMatch(/SIMD, 2 threads,/)
    expect(getThreadsCount()).toBe(2)
    // Big enough for XNNPACK to split it between the threads.
    const x = tf.ones([8, 32, 32, 16]) as tf.Tensor4D
    const w = tf.ones([3, 3, 16, 8]) as tf.Tensor4D
    const y = tf.conv2d(x, w, 1, 'same')
    const values = await y.data()
    expect(values[0]).toBe(4 * 16) // a corner sees 2×2 pixels × 16 channels
    expect(values[(32 + 1) * 8]).toBe(9 * 16) // an inner pixel sees all 3×3
  })

  it('a process using it exits by itself (the pool threads do not hold it open)', async () => {
    const script = join(scratch, 'exit.mts')
    const backend = resolve(import.meta.dirname, 'index.ts')
    writeFileSync(
      script,
      [
        `import { createRequire } from 'node:module'`,
        `import { initBackend } from ${JSON.stringify(backend)}`,
        // The repo's tfjs-core, the one the backend module registers with.
        `const tf = createRequire(${JSON.stringify(backend)})('@tensorflow/tfjs-core')`,
        `const info = await initBackend('wasm', { wasmThreads: 2 })`,
        `const y = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]))`,
        `console.log(info.detail.includes('2 threads'), (await y.data())[0])`,
      ].join('\n'),
    )
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
      cwd: resolve(import.meta.dirname, '../../../..'),
      timeout: 45_000,
    })
    expect(stdout.trim()).toBe('true 64')
  })
})
