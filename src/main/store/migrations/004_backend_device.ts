import type { Migration } from '.'

/** The GPU a run trained on (a WebGPU adapter: "NVIDIA H100 (nvidia hopper)"); NULL on the CPU. */
export const backendDevice: Migration = {
  version: 4,
  name: 'backend_device',
  up(db) {
    db.exec('ALTER TABLE runs ADD COLUMN backend_device TEXT')
  },
}
