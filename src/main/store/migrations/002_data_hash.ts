import type { Migration } from '.'

/**
 * A hash of each dataset's decoded content (pixels, labels, shape, class names), so an import
 * of data already in Blockwise is recognised. Rows from before stay NULL until a duplicate check
 * needs them (src/main/datasets/duplicates.ts fills them from their cache).
 */
export const dataHash: Migration = {
  version: 2,
  name: 'data_hash',
  up(db) {
    db.exec(`
      ALTER TABLE datasets ADD COLUMN data_hash TEXT;
      CREATE INDEX datasets_data_hash ON datasets(data_hash);
    `)
  },
}
