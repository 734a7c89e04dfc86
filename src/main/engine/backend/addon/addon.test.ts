import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findAddon, loadAddon, registerNativeKernels } from './index'

const dir = mkdtempSync(join(tmpdir(), 'blockwise-native-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  // Tests below may have forced an instruction set or thread count on the shared addon.
  const load = loadAddon({})
  if (load.ok) load.addon.configure('auto', 0)
})

describe('loading the native kernels', () => {
  it('finds the addon built under native/ from this module', () => {
    expect(findAddon({})).toMatch(/native[\\/]build[\\/]Release[\\/]blockwise_native\.node$/)
    const load = loadAddon({})
    expect(load.ok ? load.info : load.reason).toMatchObject({
      isa: expect.stringMatching(/^(avx512|avx2|portable)$/),
      threads: expect.any(Number),
    })
  })

  it('is off when BLOCKWISE_NATIVE_KERNELS=0, and says so', () => {
    expect(loadAddon({ BLOCKWISE_NATIVE_KERNELS: '0' })).toEqual({
      ok: false,
      reason: 'turned off (BLOCKWISE_NATIVE_KERNELS=0)',
    })
  })

  it('says it is not built when no native/build is above the module', () => {
    const load = loadAddon({}, dir)
    expect(load).toEqual({
      ok: false,
      reason: expect.stringMatching(/^not built \(run `npm run build:native`/),
    })
  })

  it('names a missing or broken binary', () => {
    const missing = join(dir, 'nope.node')
    expect(loadAddon({ BLOCKWISE_NATIVE_ADDON: missing })).toEqual({
      ok: false,
      reason: `${missing} does not exist`,
    })
    const broken = join(dir, 'broken.node')
    writeFileSync(broken, 'not a shared library')
    const load = loadAddon({ BLOCKWISE_NATIVE_ADDON: broken })
    expect(load.ok ? 'loaded' : load.reason).toMatch(/broken\.node failed to load: .+/)
  })

  it('refuses an instruction set the CPU or build lacks, and a bad thread count', () => {
    const load = loadAddon({ BLOCKWISE_NATIVE_ISA: 'neon' })
    expect(load.ok ? 'loaded' : load.reason).toMatch(/cannot run neon \(it has .*portable\)/)
    const threads = loadAddon({ BLOCKWISE_NATIVE_THREADS: '-2' })
    expect(threads.ok ? 'loaded' : threads.reason).toMatch(/BLOCKWISE_NATIVE_THREADS must be/)
  })

  it('takes a forced instruction set and thread count', () => {
    const load = loadAddon({ BLOCKWISE_NATIVE_ISA: 'portable', BLOCKWISE_NATIVE_THREADS: '1' })
    expect(load.ok ? load.info : load.reason).toMatchObject({ isa: 'portable', threads: 1 })
  })

  it('registers nothing when the addon did not load, and the detail says why', () => {
    const detail = registerNativeKernels('wasm', { ok: false, reason: 'turned off (test)' })
    expect(detail).toBe('no native kernels: turned off (test)')
  })
})
