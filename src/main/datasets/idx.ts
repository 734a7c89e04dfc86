import { DatasetError } from './errors'

const UNSIGNED_BYTE = 0x08
const TYPE_NAMES: Record<number, string> = {
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
}

/**
 * Values in one image at most (4096×4096×4): a header announcing more is damaged or not a
 * dataset, and one image is read whole.
 */
export const MAX_IMAGE_VALUES = 1 << 26

export interface IdxArray {
  dims: number[]
  data: Uint8Array
}

/**
 * Checks an IDX file's first 4 bytes (`available` is how many the file has, when fewer): the
 * magic 0, 0, type 0x08, number of dims. Returns the number of dims.
 */
export function checkIdxMagic(head: Uint8Array, available: number, label: string): number {
  if (available < 4)
    throw new DatasetError(
      'datasets/bad-file',
      `${label}: ${available} bytes is too short for an IDX header.`,
    )
  const [z0, z1, type, ndim] = [head[0]!, head[1]!, head[2]!, head[3]!]
  if (z0 !== 0 || z1 !== 0) {
    // 0x00000803 written little-endian reads 03 08 00 00.
    if (type === 0 && ndim === 0 && z1 === UNSIGNED_BYTE && z0 >= 1 && z0 <= 4) {
      throw new DatasetError(
        'datasets/bad-file',
        `${label}: the IDX header is little-endian; IDX files are big-endian (magic 00 00 08 0${z0}).`,
      )
    }
    throw new DatasetError(
      'datasets/bad-file',
      `${label}: not an IDX file (magic ${hex(head.subarray(0, 4))}, expected 00 00 08 0N).`,
    )
  }
  if (type !== UNSIGNED_BYTE) {
    throw new DatasetError(
      'datasets/bad-file',
      `${label}: IDX values of type ${TYPE_NAMES[type] ?? `0x${type.toString(16)}`} are not supported; only unsigned bytes (0x08).`,
    )
  }
  if (ndim < 1 || ndim > 4)
    throw new DatasetError(
      'datasets/bad-file',
      `${label}: an IDX file with ${ndim} dimensions is not images or labels.`,
    )
  return ndim
}

/** The big-endian uint32 dims that follow the magic; `header` holds at least 4 + 4 × ndim bytes. */
export function idxDims(header: Uint8Array, ndim: number): number[] {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
  const dims: number[] = []
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i, false))
  return dims
}

export const headerCutShort = (label: string): DatasetError =>
  new DatasetError('datasets/bad-file', `${label}: the file ends inside its header.`)

/** The error for a file whose length is not the header's size plus the dims' product. */
export function idxLengthError(
  label: string,
  dims: number[],
  expected: number,
  actual: number,
): DatasetError {
  if (actual < expected)
    return new DatasetError(
      'datasets/bad-file',
      `${label}: truncated — the header announces ${dims.join('×')} values (${expected} bytes) but the file has ${actual}.`,
    )
  return new DatasetError(
    'datasets/bad-file',
    `${label}: ${actual - expected} unexpected bytes after the ${dims.join('×')} values the header announces.`,
  )
}

/**
 * Parses a whole IDX file of unsigned bytes held in memory: a 4-byte magic (0, 0, type 0x08,
 * number of dims), the dims as big-endian uint32, then exactly their product of bytes.
 */
export function parseIdx(bytes: Uint8Array, label: string): IdxArray {
  const ndim = checkIdxMagic(bytes, bytes.length, label)
  const headerSize = 4 + 4 * ndim
  if (bytes.length < headerSize) throw headerCutShort(label)
  const dims = idxDims(bytes, ndim)
  const expected = headerSize + dims.reduce((a, b) => a * b, 1)
  if (bytes.length !== expected) throw idxLengthError(label, dims, expected, bytes.length)
  return { dims, data: bytes.subarray(headerSize, expected) }
}

export interface IdxPair {
  /** N×H×W×C uint8. */
  images: Uint8Array
  labels: Uint8Array
  count: number
  shape: [number, number, number]
}

/** What an images IDX and a labels IDX that belong together hold, from their dims alone. */
export interface IdxPairDims {
  count: number
  /** The images' shape as stored: H×W×C (for EMNIST, the transpose of the true image). */
  stored: [number, number, number]
  /** The images' true shape, H×W×C. */
  shape: [number, number, number]
  /** Whether the stored images are transposed (EMNIST). */
  transpose: boolean
}

/** Checks that images (N×H×W or N×H×W×C) and labels (N) belong together; `transpose` for EMNIST. */
export function checkIdxPair(
  imageDims: number[],
  labelDims: number[],
  names: { images: string; labels: string },
  transpose: boolean,
): IdxPairDims {
  if (imageDims.length !== 3 && imageDims.length !== 4) {
    throw new DatasetError(
      'datasets/bad-file',
      `${names.images}: images need 3 or 4 dimensions (N×H×W[×C]), found ${imageDims.join('×')}.`,
    )
  }
  if (labelDims.length !== 1) {
    throw new DatasetError(
      'datasets/bad-file',
      `${names.labels}: labels need 1 dimension, found ${labelDims.join('×')}.`,
    )
  }
  const [count, h, w, c = 1] = imageDims as [number, number, number, number?]
  if (labelDims[0] !== count) {
    throw new DatasetError(
      'datasets/mismatch',
      `${names.images} holds ${count} images but ${names.labels} holds ${labelDims[0]} labels.`,
    )
  }
  if (count === 0 || h === 0 || w === 0 || c === 0)
    throw new DatasetError('datasets/empty', `${names.images} holds no images.`)
  if (h * w * c > MAX_IMAGE_VALUES)
    throw new DatasetError(
      'datasets/bad-file',
      `${names.images}: images of ${h}×${w}×${c} values are too large to train on (at most ${MAX_IMAGE_VALUES.toLocaleString('en-US')} values per image).`,
    )
  return { count, stored: [h, w, c], shape: transpose ? [w, h, c] : [h, w, c], transpose }
}

/**
 * Transposes `count` whole images stored as h×w×c matrices (EMNIST stores each image column by
 * column) into `dst`: the true image is w×h×c.
 */
export function transposeImages(
  src: Uint8Array,
  dst: Uint8Array,
  count: number,
  [h, w, c]: [number, number, number],
): void {
  const plane = h * w * c
  for (let n = 0; n < count; n++) {
    const base = n * plane
    // True (row r, column q) is stored at (q, r).
    for (let r = 0; r < w; r++)
      for (let q = 0; q < h; q++)
        for (let k = 0; k < c; k++)
          dst[base + (r * h + q) * c + k] = src[base + (q * w + r) * c + k]!
  }
}

/** Pairs whole images and labels IDX arrays held in memory (see `checkIdxPair`). */
export function pairIdx(
  images: IdxArray,
  labels: IdxArray,
  names: { images: string; labels: string },
  transpose = false,
): IdxPair {
  const { count, stored, shape } = checkIdxPair(images.dims, labels.dims, names, transpose)
  let data = images.data
  if (transpose) {
    data = new Uint8Array(images.data.length)
    transposeImages(images.data, data, count, stored)
  }
  return { images: data, labels: labels.data, count, shape }
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ')
}
