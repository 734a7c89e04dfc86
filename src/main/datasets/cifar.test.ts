import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store'
import { tempStore } from '../store/testing/tempStore'
import { importDataset, loadDataset } from '.'
import { expectNothingLeft } from './testing/leftovers'

let store: Store
let home: string
let cleanup: () => void
beforeEach(() => ({ store, dir: home, cleanup } = tempStore()))
afterEach(() => cleanup())

/** `count` CIFAR records: label byte(s), then the R, G and B planes; pixel (r, g, b) = (n, 100 + p % 50, 255 - label). */
function batch(count: number, labelBytes: 1 | 2, labelOf: (n: number) => number): Buffer {
  const record = labelBytes + 3072
  const out = Buffer.alloc(count * record)
  for (let n = 0; n < count; n++) {
    const base = n * record
    if (labelBytes === 2) out[base] = 0
    out[base + labelBytes - 1] = labelOf(n)
    for (let p = 0; p < 1024; p++) {
      out[base + labelBytes + p] = n
      out[base + labelBytes + 1024 + p] = 100 + (p % 50)
      out[base + labelBytes + 2048 + p] = 255 - labelOf(n)
    }
  }
  return out
}

describe('CIFAR binary batches', () => {
  it('imports CIFAR-10 batches as 32×32×3 HWC with the class names from batches.meta.txt', async () => {
    const dir = join(home, 'cifar-10-batches-bin')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'data_batch_1.bin'),
      batch(6, 1, (n) => n % 10),
    )
    writeFileSync(
      join(dir, 'data_batch_2.bin'),
      batch(4, 1, (n) => (n + 6) % 10),
    )
    writeFileSync(
      join(dir, 'test_batch.bin'),
      batch(3, 1, () => 9),
    )
    writeFileSync(
      join(dir, 'batches.meta.txt'),
      'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n',
    )
    const { dataset } = await importDataset(store, home, { path: dir })
    expect(dataset).toMatchObject({
      name: 'CIFAR-10',
      format: 'cifar10',
      shape: [32, 32, 3],
      counts: { train: 10, test: 3 },
    })
    expect(dataset.classes[9]).toBe('truck')
    const loaded = await loadDataset(home, dataset.id, { valFraction: 0 })
    expect([...loaded.train.labels]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const img7 = loaded.train.images.subarray(7 * 3072, 8 * 3072)
    expect([...img7.subarray(0, 6)]).toEqual([1, 100, 248, 1, 101, 248]) // 2nd record of batch 2; pixels 0 and 1, RGB interleaved
    expect(img7[3 * 1023 + 1]).toBe(100 + (1023 % 50))
  })

  it('imports CIFAR-100 with fine labels', async () => {
    const dir = join(home, 'cifar-100-binary')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'train.bin'),
      batch(5, 2, (n) => n * 20 + 3),
    )
    writeFileSync(
      join(dir, 'test.bin'),
      batch(2, 2, () => 99),
    )
    const { dataset } = await importDataset(store, home, { path: dir, format: 'cifar' })
    expect(dataset).toMatchObject({ format: 'cifar100', counts: { train: 5, test: 2 } })
    expect(dataset.classes).toHaveLength(100)
    const loaded = await loadDataset(home, dataset.id, { valFraction: 0 })
    expect([...loaded.train.labels]).toEqual([3, 23, 43, 63, 83])
  })

  it.each([
    [
      'a truncated batch',
      (dir: string) =>
        writeFileSync(join(dir, 'data_batch_1.bin'), batch(3, 1, () => 1).subarray(0, 5000)),
      /not a whole number of CIFAR-10 records/,
    ],
    [
      'a label out of range',
      (dir: string) =>
        writeFileSync(
          join(dir, 'data_batch_1.bin'),
          batch(3, 1, (n) => (n === 2 ? 12 : 1)),
        ),
      /record 2 has label 12/,
    ],
    [
      'an empty batch',
      (dir: string) => writeFileSync(join(dir, 'data_batch_1.bin'), Buffer.alloc(0)),
      /0 bytes/,
    ],
  ])('refuses %s and leaves nothing behind', async (_name, damage, message) => {
    const dir = join(home, 'c10')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'test_batch.bin'),
      batch(2, 1, () => 0),
    )
    damage(dir)
    await expect(importDataset(store, home, { path: dir })).rejects.toThrow(message)
    expectNothingLeft(store, home)
  })
})
