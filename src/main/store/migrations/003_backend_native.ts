import type { Migration } from '.'

/**
 * What a run's backend had beside its name and version: the native kernels in front of it
 * (they make wasm several times faster, so runs are only comparable knowing it) and the
 * trainer's detail line (threads, SIMD, why faster backends fell through). NULL for older runs.
 */
export const backendNative: Migration = {
  version: 3,
  name: 'backend_native',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN backend_native TEXT;
      ALTER TABLE runs ADD COLUMN backend_detail TEXT;
    `)
  },
}
