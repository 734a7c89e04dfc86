import { describe, expect, it } from 'vitest'
import { adapterInfo, gpuLabel, vulkanMissing } from './gpuAdapter'

describe('GPU adapters in words', () => {
  it('names a hardware adapter by its description and family', () => {
    const info = adapterInfo({
      info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' },
    })
    expect(info).toEqual({
      vendor: 'nvidia',
      architecture: 'hopper',
      description: 'NVIDIA H100 80GB HBM3',
      software: false,
    })
    expect(gpuLabel(info)).toBe('NVIDIA H100 80GB HBM3 (nvidia hopper)')
  })

  it('knows a CPU behind the GPU API, by the fallback flag or the driver’s name', () => {
    const swift = adapterInfo({
      info: {
        vendor: 'google',
        architecture: 'swiftshader',
        description: 'SwiftShader driver 5.0.0',
      },
    })
    expect(swift.software).toBe(true)
    expect(gpuLabel(swift)).toBe('SwiftShader driver 5.0.0 (google swiftshader), software')
    expect(
      adapterInfo({ info: { description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } }).software,
    ).toBe(true)
    expect(adapterInfo({ info: { vendor: 'x', isFallbackAdapter: true } }).software).toBe(true)
    // A driver that says little still gets a name.
    expect(gpuLabel(adapterInfo({ info: { vendor: 'apple', architecture: 'metal-3' } }))).toBe(
      'apple metal-3',
    )
    expect(gpuLabel(adapterInfo({ info: {} }))).toBe('unnamed GPU')
  })

  it('says up front when Linux has no Vulkan driver, unless one is named', () => {
    if (process.platform !== 'linux') return
    expect(vulkanMissing({ VK_ICD_FILENAMES: '/x/icd.json' })).toBeNull()
    const missing = vulkanMissing({})
    if (missing !== null) expect(missing).toMatch(/no Vulkan driver installed/)
  })
})
