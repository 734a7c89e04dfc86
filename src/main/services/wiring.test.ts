/** Checks that hold the contract and the engine together, and the backend prediction. */
import { describe, expect, it } from 'vitest'
import { hyperparametersSchema } from '../../shared/api'
import { TrainSettingsSchema } from '../engine/settings'
import { loadAddon, nativeInfoLabel } from '../engine/backend/native/addon'
import { probeBackend } from './backendProbe'

describe('contract ↔ engine', () => {
  it('the hyperparameters a caller may send are exactly the engine’s training settings', () => {
    expect(Object.keys(hyperparametersSchema.shape).sort()).toEqual(
      Object.keys(TrainSettingsSchema.shape).sort(),
    )
  })

  it('every value the engine accepts by default passes the contract', () => {
    const defaults = TrainSettingsSchema.parse({})
    expect(hyperparametersSchema.safeParse(defaults).success).toBe(true)
  })
})

describe('probeBackend', () => {
  it('predicts the first backend of the engine’s chain that is installed', async () => {
    const backend = await probeBackend()
    // tfjs-node is optional and cannot install offline; the wasm backend is a dependency.
    expect(['tensorflow-gpu', 'tensorflow', 'wasm']).toContain(backend?.name)
    expect(backend?.version).toMatch(/^\d+\.\d+\.\d+/)
    // On wasm it says which native kernels a trainer will have, as the trainer will load them.
    if (backend?.name === 'wasm') {
      const load = loadAddon()
      expect(backend.native).toBe(load.ok ? nativeInfoLabel(load.info) : null)
    }
  })
})
