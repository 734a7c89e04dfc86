import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * The GPU Dawn (npm `webgpu`, WebGPU for Node: Metal on macOS, D3D12 on Windows, Vulkan on
 * Linux) offers this process. Loads no tfjs, so the services process may ask too.
 */

/** What a GPU adapter says of itself, as a run stores it. */
export interface GpuAdapterInfo {
  vendor: string
  architecture: string
  description: string
  /** A CPU rendering the GPU API (SwiftShader, llvmpipe/lavapipe, WARP): correct, not fast. */
  software: boolean
}

export type AdapterResult =
  | { ok: true; adapter: unknown; info: GpuAdapterInfo; version: string }
  | { ok: false; reason: string }

const require = createRequire(import.meta.url)

interface Dawn {
  create(flags: string[]): { requestAdapter(o?: object): Promise<DawnAdapter | null> }
  globals: Record<string, unknown>
}
interface DawnAdapter {
  info: {
    vendor?: string
    architecture?: string
    device?: string
    description?: string
    isFallbackAdapter?: boolean
  }
}

let installed: { gpu: ReturnType<Dawn['create']>; version: string } | null = null

/**
 * Loads Dawn and makes WebGPU's globals and `navigator.gpu` what a browser would have, once per
 * process (tfjs-backend-webgpu looks for them there). Throws when `webgpu` is not installed.
 */
function installWebGpu(): { gpu: ReturnType<Dawn['create']>; version: string } {
  if (installed) return installed
  // A variable specifier: the package is optional, so neither TypeScript nor the bundler may
  // insist on it being there.
  const pkg: string = 'webgpu'
  const dawn = require(pkg) as Dawn
  const version = (require(`${pkg}/package.json`) as { version: string }).version
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis)) Object.assign(globalThis, { [name]: value })
  }
  const gpu = dawn.create([])
  const nav = (globalThis as { navigator?: object }).navigator
  if (nav === undefined) Object.assign(globalThis, { navigator: { gpu } })
  else Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true })
  installed = { gpu, version }
  return installed
}

/** Adapters that are a CPU behind the GPU API, by the names their drivers give. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|warp/i

export function adapterInfo(adapter: DawnAdapter): GpuAdapterInfo {
  const i = adapter.info
  const vendor = i.vendor ?? ''
  const architecture = i.architecture ?? ''
  const description = i.description || i.device || ''
  const software =
    i.isFallbackAdapter === true || SOFTWARE.test(`${vendor} ${architecture} ${description}`)
  return { vendor, architecture, description, software }
}

/** "NVIDIA H100 (nvidia hopper)" — one line for the status bar, the run and the CLI. */
export function gpuLabel(info: GpuAdapterInfo): string {
  const family = [info.vendor, info.architecture].filter(Boolean).join(' ')
  const name = info.description || family || 'unnamed GPU'
  const tail = family && family !== name ? ` (${family})` : ''
  return `${name}${tail}${info.software ? ', software' : ''}`
}

/**
 * Linux: the Vulkan loader finds no driver without an ICD manifest; asking Dawn then only prints
 * "Found no drivers". Said up front, in words, and Dawn is not woken for nothing.
 */
export function vulkanMissing(env: NodeJS.ProcessEnv = process.env): string | null {
  if (process.platform !== 'linux') return null
  if (env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES) return null
  const dirs = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d']
  const any = dirs.some((d) => existsSync(d) && readdirSync(d).some((f) => f.endsWith('.json')))
  return any ? null : 'no Vulkan driver installed (no ICD in /usr/share/vulkan/icd.d)'
}

let cached: Promise<AdapterResult> | null = null

/** The adapter Dawn picks for high performance, asked once per process. */
export function requestGpuAdapter(): Promise<AdapterResult> {
  cached ??= (async (): Promise<AdapterResult> => {
    const noVulkan = vulkanMissing()
    if (noVulkan !== null) return { ok: false, reason: noVulkan }
    let dawn
    try {
      dawn = installWebGpu()
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      return {
        ok: false,
        reason: /Cannot find (module|package)/.test(message)
          ? 'not installed (the optional package webgpu)'
          : `Dawn failed to load: ${message.split('\n')[0]}`,
      }
    }
    const adapter = await dawn.gpu.requestAdapter({ powerPreference: 'high-performance' })
    if (adapter === null) return { ok: false, reason: 'Dawn found no GPU adapter' }
    return { ok: true, adapter, info: adapterInfo(adapter), version: dawn.version }
  })()
  return cached
}
