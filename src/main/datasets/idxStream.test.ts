import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { withBytes } from './byteStream'
import { readIdxHeaderOf, readIdxValues } from './idxStream'
import { idxBytes, syntheticImages } from './testing/fixtures'

const dir = mkdtempSync(join(tmpdir(), 'blockwise-idx-stream-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
/** Writes `bytes` to a fresh file, gzip'd or not, and reads it as an IDX file. */
async function readIdx(
  bytes: Buffer,
  gzip: boolean,
): Promise<{ dims: number[]; data: Uint8Array }> {
  const path = join(dir, `f${files++}-idx3-ubyte${gzip ? '.gz' : ''}`)
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes)
  return withBytes(path, {}, async (reader) => {
    const head = await readIdxHeaderOf(reader, path)
    return { dims: head.dims, data: await readIdxValues(reader, head, basename(path)) }
  })
}

describe.each([false, true])('reading an IDX file as a stream (gzip: %s)', (gzip) => {
  it('reads big-endian dims and exactly their product of bytes', async () => {
    const images = syntheticImages(300, 60, 70) // 1.26 MB: more than one read
    const parsed = await readIdx(idxBytes([300, 60, 70], images), gzip)
    expect(parsed.dims).toEqual([300, 60, 70])
    expect(Buffer.compare(Buffer.from(parsed.data), Buffer.from(images))).toBe(0)
  })

  it.each([
    [
      'wrong magic',
      Buffer.from('PK\x03\x04 not idx at all'),
      /not an IDX file \(magic 50 4b 03 04/,
    ],
    [
      'little-endian header',
      idxBytes([2, 2, 2], new Uint8Array(8), { littleEndian: true }),
      /little-endian/,
    ],
    [
      'truncated file',
      idxBytes([3, 2, 2], new Uint8Array(12)).subarray(0, 20),
      /truncated — the header announces 3×2×2 values \(28 bytes\) but the file has 20\./,
    ],
    [
      'header cut short',
      idxBytes([3, 2, 2], new Uint8Array(12)).subarray(0, 9),
      /ends inside its header/,
    ],
    [
      'trailing bytes',
      Buffer.concat([idxBytes([1, 2, 2], new Uint8Array(4)), Buffer.from([1, 2, 3])]),
      /3 unexpected bytes after the 1×2×2 values/,
    ],
    [
      'float values',
      Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]),
      /float32.*not supported/,
    ],
    ['too short', Buffer.from([0, 0]), /2 bytes is too short/],
    ['an empty file', Buffer.alloc(0), /0 bytes is too short/],
  ])('refuses %s with the same message as the in-memory parser', async (_name, bytes, message) => {
    await expect(readIdx(bytes, gzip)).rejects.toThrow(message)
  })
})

describe('damaged gzip', () => {
  it.each([
    ['cut short at its end', (gz: Buffer) => gz.subarray(0, gz.length - 6)],
    ['cut short in its middle', (gz: Buffer) => gz.subarray(0, gz.length >> 1)],
    [
      'with a corrupted byte',
      (gz: Buffer) => {
        const bad = Buffer.from(gz)
        bad[gz.length >> 1] = bad[gz.length >> 1]! ^ 0xff
        return bad
      },
    ],
  ])(
    'is reported as damaged when %s, even where the bytes before look fine',
    async (_n, damage) => {
      const gz = gzipSync(idxBytes([200, 28, 28], syntheticImages(200, 28, 28)))
      const path = join(dir, `damaged-${files++}-idx3-ubyte.gz`)
      writeFileSync(path, damage(gz))
      await expect(
        withBytes(path, {}, async (reader) => {
          const head = await readIdxHeaderOf(reader, path)
          return readIdxValues(reader, head, basename(path))
        }),
      ).rejects.toThrow(/damaged-\d+-idx3-ubyte\.gz: the gzip data is damaged or cut short/)
    },
  )
})
