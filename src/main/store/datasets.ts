import type { StoreContext } from './context'
import type { DatasetFormat, DatasetRecord } from './types'

interface DatasetRow {
  id: string
  name: string
  format: DatasetFormat
  builtin: number
  shape: string
  classes: string
  counts: string
  class_counts: string
  source_path: string | null
  content_hash: string
  data_hash: string | null
  mean: string
  std: string
  cache_dir: string
  split_seed: number | null
  skipped: string
  created_at: number
}

const toRecord = (r: DatasetRow): DatasetRecord => ({
  id: r.id,
  name: r.name,
  format: r.format,
  builtin: r.builtin === 1,
  shape: JSON.parse(r.shape) as DatasetRecord['shape'],
  classes: JSON.parse(r.classes) as string[],
  counts: JSON.parse(r.counts) as DatasetRecord['counts'],
  classCounts: JSON.parse(r.class_counts) as number[],
  sourcePath: r.source_path,
  contentHash: r.content_hash,
  dataHash: r.data_hash,
  mean: JSON.parse(r.mean) as number[],
  std: JSON.parse(r.std) as number[],
  cacheDir: r.cache_dir,
  splitSeed: r.split_seed,
  skipped: JSON.parse(r.skipped) as DatasetRecord['skipped'],
  createdAt: r.created_at,
})

export type Datasets = ReturnType<typeof createDatasets>

/** Dataset metadata rows (the importers in src/main/datasets write them). */
export function createDatasets(ctx: StoreContext) {
  const { db } = ctx
  return {
    insert(d: DatasetRecord): DatasetRecord {
      ctx.writeDurably(() =>
        db
          .prepare(
            `INSERT INTO datasets (id, name, format, builtin, shape, classes, counts, class_counts,
              source_path, content_hash, data_hash, mean, std, cache_dir, split_seed, skipped, created_at)
            VALUES (@id, @name, @format, @builtin, @shape, @classes, @counts, @classCounts, @sourcePath,
              @contentHash, @dataHash, @mean, @std, @cacheDir, @splitSeed, @skipped, @createdAt)`,
          )
          .run({
            ...d,
            builtin: d.builtin ? 1 : 0,
            shape: JSON.stringify(d.shape),
            classes: JSON.stringify(d.classes),
            counts: JSON.stringify(d.counts),
            classCounts: JSON.stringify(d.classCounts),
            mean: JSON.stringify(d.mean),
            std: JSON.stringify(d.std),
            skipped: JSON.stringify(d.skipped),
          }),
      )
      return d
    },
    get(id: string): DatasetRecord | undefined {
      const row = db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE id = ?').get(id)
      return row && toRecord(row)
    },
    /** By id first, then by name (case-insensitive): what `--dataset <id or name>` means. */
    resolve(idOrName: string): DatasetRecord | undefined {
      const row =
        db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE id = ?').get(idOrName) ??
        db
          .prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE name = ? COLLATE NOCASE')
          .get(idOrName)
      return row && toRecord(row)
    },
    /** Built-in datasets first, then by name. */
    list(): DatasetRecord[] {
      return db
        .prepare<[], DatasetRow>(
          'SELECT * FROM datasets ORDER BY builtin DESC, name COLLATE NOCASE',
        )
        .all()
        .map(toRecord)
    },
    /** Datasets whose decoded content hashes to `hash`, oldest first. */
    withDataHash(hash: string): DatasetRecord[] {
      return db
        .prepare<[string], DatasetRow>(
          'SELECT * FROM datasets WHERE data_hash = ? ORDER BY created_at, id',
        )
        .all(hash)
        .map(toRecord)
    },
    /** Rows imported before data hashes existed (their hash is computed from the cache on demand). */
    withoutDataHash(): DatasetRecord[] {
      return db
        .prepare<[], DatasetRow>('SELECT * FROM datasets WHERE data_hash IS NULL ORDER BY id')
        .all()
        .map(toRecord)
    },
    /** Records a hash computed later; an existing hash is never replaced. */
    setDataHash(id: string, hash: string): boolean {
      return ctx.write(
        () =>
          db
            .prepare('UPDATE datasets SET data_hash = ? WHERE id = ? AND data_hash IS NULL')
            .run(hash, id).changes > 0,
      )
    },
    ids(): string[] {
      return db
        .prepare<[], { id: string }>('SELECT id FROM datasets')
        .all()
        .map((r) => r.id)
    },
    /** Removes the row; runs keep their history with a NULL dataset. The cache folder is the caller's. */
    delete(id: string): boolean {
      return ctx.write(() => db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0)
    },
  }
}
