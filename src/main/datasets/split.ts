import { createRng, permutation } from '../../shared/random'
import type { Split } from './types'

/** Copies the images and labels at `indices` (in that order) into a new split. */
export function gather(split: Split, indices: ArrayLike<number>, pixels: number): Split {
  const count = indices.length
  const images = new Uint8Array(count * pixels)
  const labels =
    split.labels instanceof Uint16Array ? new Uint16Array(count) : new Uint8Array(count)
  // Copy runs of consecutive indices in one call: sorted index lists are mostly runs.
  for (let i = 0; i < count;) {
    const start = indices[i]!
    let end = i + 1
    while (end < count && indices[end] === start + (end - i)) end++
    images.set(split.images.subarray(start * pixels, (start + end - i) * pixels), i * pixels)
    for (let k = i; k < end; k++) labels[k] = split.labels[start + k - i]!
    i = end
  }
  return { images, labels, count }
}

/**
 * Splits off a seeded random `fraction` of each class (stratified, so small classes keep
 * examples on both sides; a class with one image stays in `keep`). Order inside each side
 * follows the source order.
 */
export function holdOut(
  split: Split,
  fraction: number,
  seed: number,
  pixels: number,
): { keep: Split; held: Split } {
  const { keep, held } = holdOutIndices(split.labels, split.count, fraction, seed)
  return { keep: gather(split, keep, pixels), held: gather(split, held, pixels) }
}

/** The indices `holdOut` keeps and holds out, both ascending: the split without the pixels. */
export function holdOutIndices(
  labels: ArrayLike<number>,
  count: number,
  fraction: number,
  seed: number,
): { keep: number[]; held: number[] } {
  const byClass = new Map<number, number[]>()
  for (let i = 0; i < count; i++) {
    const label = labels[i]!
    let list = byClass.get(label)
    if (!list) byClass.set(label, (list = []))
    list.push(i)
  }
  const held: number[] = []
  for (const [label, members] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const take =
      members.length < 2 ? 0 : Math.min(members.length - 1, Math.round(members.length * fraction))
    const order = permutation(members.length, createRng(seed + label * 7919))
    for (let i = 0; i < take; i++) held.push(members[order[i]!]!)
  }
  held.sort((a, b) => a - b)
  const heldSet = new Set(held)
  const keep: number[] = []
  for (let i = 0; i < count; i++) if (!heldSet.has(i)) keep.push(i)
  return { keep, held }
}

/** Label counts per class. */
export function histogram(labels: ArrayLike<number>, classes: number): number[] {
  const out = new Array<number>(classes).fill(0)
  for (let i = 0; i < labels.length; i++) out[labels[i]!]! += 1
  return out
}
