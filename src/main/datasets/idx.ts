import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { gunzip } from 'node:zlib'
import { promisify } from 'node:util'
import { DatasetError } from './errors'

const gunzipAsync = promisify(gunzip)
const UNSIGNED_BYTE = 0x08
const TYPE_NAMES: Record<number, string> = {
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
}

export interface IdxArray {
  dims: number[]
  data: Uint8Array
}

/** Reads a file, un-gzipping it when it starts with the gzip magic (1f 8b). */
export async function readMaybeGzip(path: string): Promise<Buffer> {
  const raw = await readFile(path)
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return await gunzipAsync(raw)
    } catch (error) {
      throw new DatasetError(
        'datasets/bad-file',
        `${basename(path)}: the gzip data is damaged or cut short (${(error as Error).message}).`,
      )
    }
  }
  return raw
}

/**
 * Parses an IDX file of unsigned bytes: a 4-byte magic (0, 0, type 0x08, number of dims), the
 * dims as big-endian uint32, then exactly their product of bytes.
 */
export function parseIdx(bytes: Uint8Array, label: string): IdxArray {
  if (bytes.length < 4)
    throw new DatasetError(
      'datasets/bad-file',
      `${label}: ${bytes.length} bytes is too short for an IDX header.`,
    )
  const [z0, z1, type, ndim] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!]
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
      `${label}: not an IDX file (magic ${hex(bytes.subarray(0, 4))}, expected 00 00 08 0N).`,
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
  const headerSize = 4 + 4 * ndim
  if (bytes.length < headerSize)
    throw new DatasetError('datasets/bad-file', `${label}: the file ends inside its header.`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const dims: number[] = []
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i, false))
  const size = dims.reduce((a, b) => a * b, 1)
  const expected = headerSize + size
  if (bytes.length < expected) {
    throw new DatasetError(
      'datasets/bad-file',
      `${label}: truncated — the header announces ${dims.join('×')} values (${expected} bytes) but the file has ${bytes.length}.`,
    )
  }
  if (bytes.length > expected) {
    throw new DatasetError(
      'datasets/bad-file',
      `${label}: ${bytes.length - expected} unexpected bytes after the ${dims.join('×')} values the header announces.`,
    )
  }
  return { dims, data: bytes.subarray(headerSize, expected) }
}

export interface IdxPair {
  /** N×H×W×C uint8. */
  images: Uint8Array
  labels: Uint8Array
  count: number
  shape: [number, number, number]
}

/** Pairs an images IDX (N×H×W or N×H×W×C) with a labels IDX (N); `transpose` for EMNIST's column-major images. */
export function pairIdx(
  images: IdxArray,
  labels: IdxArray,
  names: { images: string; labels: string },
  transpose = false,
): IdxPair {
  if (images.dims.length !== 3 && images.dims.length !== 4) {
    throw new DatasetError(
      'datasets/bad-file',
      `${names.images}: images need 3 or 4 dimensions (N×H×W[×C]), found ${images.dims.join('×')}.`,
    )
  }
  if (labels.dims.length !== 1) {
    throw new DatasetError(
      'datasets/bad-file',
      `${names.labels}: labels need 1 dimension, found ${labels.dims.join('×')}.`,
    )
  }
  const [count, h, w, c = 1] = images.dims as [number, number, number, number?]
  if (labels.dims[0] !== count) {
    throw new DatasetError(
      'datasets/mismatch',
      `${names.images} holds ${count} images but ${names.labels} holds ${labels.dims[0]} labels.`,
    )
  }
  if (count === 0 || h === 0 || w === 0 || c === 0)
    throw new DatasetError('datasets/empty', `${names.images} holds no images.`)
  let data = images.data
  if (transpose) {
    data = new Uint8Array(images.data.length)
    const plane = h * w * c
    for (let n = 0; n < count; n++) {
      const base = n * plane
      // The stored h×w matrix is the transpose of the true w×h image: true (row r, column q)
      // is stored at (q, r).
      for (let r = 0; r < w; r++)
        for (let q = 0; q < h; q++)
          for (let k = 0; k < c; k++)
            data[base + (r * h + q) * c + k] = images.data[base + (q * w + r) * c + k]!
    }
  }
  return { images: data, labels: labels.data, count, shape: transpose ? [w, h, c] : [h, w, c] }
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ')
}
