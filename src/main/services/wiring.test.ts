/** The backend the services predict against the one the engine's chain would take. */
import { describe, expect, it } from 'vitest'
import { loadAddon, nativeInfoLabel } from '../engine/backend/addon/addon'
import { probeBackend } from './backendProbe'

describe('probeBackend', () => {
  it('predicts the first backend of the engine’s chain that is installed', async () => {
    const backend = await probeBackend()
    // tfjs-node is optional and cannot install offline; the wasm backend is a dependency.
    expect(['tensorflow-gpu', 'tensorflow', 'wasm']).toContain(backend?.name)
    expect(backend?.version).toMatch(/^\d+\.\d+\.\d+/)
    // On wasm it says which native kernels a trainer will have, as the trainer will load them.
    if (backend?.name === 'wasm') {
      const load = loadAddon()
      expect(backend.nativeKernels).toBe(load.ok ? nativeInfoLabel(load.info) : null)
    }
  })
})
