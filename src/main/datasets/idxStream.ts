/** IDX files read as streams: the header first, then the values a few MB at a time. */
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { withBytes, type ByteReader } from './byteStream'
import { checkIdxMagic, headerCutShort, idxDims, idxLengthError } from './idx'

/** Bytes of values read at once. */
const BODY_CHUNK = 1 << 20

export interface IdxHead {
  dims: number[]
  headerSize: number
  /** Header plus values: what the file's (decompressed) length must be. */
  expected: number
}

/** Reads and checks the header at the reader's start. */
export async function readIdxHeader(reader: ByteReader, label: string): Promise<IdxHead> {
  const head = Buffer.alloc(4 + 4 * 4)
  const ndim = checkIdxMagic(head, await reader.fill(head.subarray(0, 4)), label)
  const headerSize = 4 + 4 * ndim
  if ((await reader.fill(head.subarray(4, headerSize))) < headerSize - 4)
    throw headerCutShort(label)
  const dims = idxDims(head, ndim)
  return { dims, headerSize, expected: headerSize + dims.reduce((a, b) => a * b, 1) }
}

/**
 * Reads the header at the reader's start; for a file that is not gzip'd, also checks its
 * length on disk now, so a truncated file is refused before anything is written.
 */
export async function readIdxHeaderOf(reader: ByteReader, path: string): Promise<IdxHead> {
  const head = await readIdxHeader(reader, basename(path))
  if (!reader.gzipped) {
    const { size } = await stat(path)
    if (size !== head.expected) throw idxLengthError(basename(path), head.dims, head.expected, size)
  }
  return head
}

/** Only the header of an IDX file (and, when not gzip'd, its length checked). */
export function peekIdxHeader(path: string): Promise<IdxHead> {
  return withBytes(path, {}, (reader) => readIdxHeaderOf(reader, path))
}

/**
 * Reads the values after the header (the reader stands there) and checks that the file ends
 * with them. Memory grows with what the file really holds, not with what its header claims.
 */
export async function readIdxValues(
  reader: ByteReader,
  head: IdxHead,
  label: string,
): Promise<Uint8Array> {
  const want = head.expected - head.headerSize
  const parts: Uint8Array[] = []
  let got = 0
  while (got < want) {
    const part = new Uint8Array(Math.min(BODY_CHUNK, want - got))
    const n = await reader.fill(part)
    parts.push(part.subarray(0, n))
    got += n
    if (n < part.length)
      throw idxLengthError(label, head.dims, head.expected, head.headerSize + got)
  }
  await expectEnd(reader, head, label)
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
}

/**
 * Reads the images after the header `per` whole images (of `pixels` bytes) at a time and hands
 * each run to `fn` (the buffer is reused: `fn` must be done with it when it resolves); then
 * checks that the file ends there. A file cut short fails at the run it ends in.
 */
export async function forEachImageRun(
  reader: ByteReader,
  head: IdxHead,
  label: string,
  pixels: number,
  chunkBytes: number,
  fn: (px: Uint8Array, first: number, count: number) => Promise<void>,
): Promise<void> {
  const count = head.dims[0]!
  const per = Math.max(1, Math.floor(chunkBytes / pixels))
  const buf = new Uint8Array(Math.min(per, count) * pixels)
  for (let first = 0; first < count; first += per) {
    const n = Math.min(per, count - first)
    const want = n * pixels
    const got = await reader.fill(buf.subarray(0, want))
    if (got < want)
      throw idxLengthError(label, head.dims, head.expected, head.headerSize + first * pixels + got)
    await fn(buf.subarray(0, want), first, n)
  }
  await expectEnd(reader, head, label)
}

async function expectEnd(reader: ByteReader, head: IdxHead, label: string): Promise<void> {
  const extra = await reader.drain()
  if (extra > 0) throw idxLengthError(label, head.dims, head.expected, head.expected + extra)
}
