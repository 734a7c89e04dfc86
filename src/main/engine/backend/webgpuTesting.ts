// Test support for the webgpu backend: a GPU to run on where the machine has none. Imported by
// *.test.ts only.
import { existsSync } from 'node:fs'

/** The Vulkan driver Debian's chromium package ships: SwiftShader, a CPU behind the GPU API. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

/**
 * Points Vulkan at SwiftShader unless a driver is named already; call before Dawn first loads.
 * Returns why webgpu tests cannot run here, or null when they can try.
 */
export function useSoftwareGpu(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES) return null
  if (process.platform !== 'linux') return 'SwiftShader is set up for Linux only'
  if (!existsSync(SWIFTSHADER_ICD)) return `no ${SWIFTSHADER_ICD} (apt-get install chromium)`
  env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
  return null
}
