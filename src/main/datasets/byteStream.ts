/**
 * Reads a source file as a stream of bytes, un-gzipping it on the way when it starts with the
 * gzip magic, so an importer can take exactly the bytes it needs a few MB at a time.
 */
import { open } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import { pipeline, Transform, type Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { DatasetError } from './errors'

/** Bytes read from disk at once. */
const READ_BYTES = 1 << 20

export interface OpenOptions {
  /** Sees every chunk of the file as stored on disk (still compressed), in order. */
  onRaw?: (chunk: Buffer) => void
  /** Read the bytes as they are, even when they start with the gzip magic. */
  raw?: boolean
}

/** The bytes of one file, read on demand. `close` must be called (it is idempotent). */
export class ByteReader {
  private chunk: Buffer | null = null
  private offset = 0
  private ended = false
  /** Set when zlib failed: the gzip data is damaged or cut short. */
  private damaged: DatasetError | null = null
  private readonly it: AsyncIterator<Buffer>

  constructor(
    private readonly stream: Readable,
    private readonly label: string,
    /** Whether the file is gzip'd (so its length on disk says nothing about its content's). */
    readonly gzipped: boolean,
  ) {
    this.it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  }

  /** Copies the next bytes into `into`; returns how many, fewer than its length only at the end. */
  async fill(into: Uint8Array): Promise<number> {
    let filled = 0
    while (filled < into.length) {
      if (!this.chunk || this.offset === this.chunk.length) {
        if (!(await this.next())) break
        continue
      }
      const take = Math.min(into.length - filled, this.chunk.length - this.offset)
      into.set(this.chunk.subarray(this.offset, this.offset + take), filled)
      this.offset += take
      filled += take
    }
    return filled
  }

  /** Reads to the end and returns how many bytes were left. */
  async drain(): Promise<number> {
    let left = this.chunk ? this.chunk.length - this.offset : 0
    this.chunk = null
    while (await this.next()) left += this.chunk!.length
    this.chunk = null
    return left
  }

  close(): void {
    this.stream.destroy()
  }

  /**
   * The error to report for `error` met while reading this file: a damaged gzip decompresses to
   * bytes up to the damage, which can look like bad content first, so for a gzip'd file the
   * rest is read and a gzip failure, if any, is reported instead.
   */
  async cause(error: unknown): Promise<unknown> {
    if (!this.gzipped || this.damaged) return this.damaged ?? error
    if (error instanceof DatasetError && error.code === 'datasets/cancelled') return error
    try {
      await this.drain()
    } catch {
      // Only a gzip failure replaces the error; anything else keeps the first one.
    }
    return this.damaged ?? error
  }

  private async next(): Promise<boolean> {
    if (this.ended) return false
    let result: IteratorResult<Buffer>
    try {
      result = await this.it.next()
    } catch (error) {
      this.damaged = gzipError(error, this.label)
      throw this.damaged ?? error
    }
    if (result.done) {
      this.ended = true
      this.chunk = null
      return false
    }
    this.chunk = result.value
    this.offset = 0
    return true
  }
}

/** Opens `path` for reading, through gunzip when its first bytes are 1f 8b (unless `raw`). */
export async function openBytes(path: string, opts: OpenOptions = {}): Promise<ByteReader> {
  const label = basename(path)
  const head = Buffer.alloc(2)
  const handle = await open(path, 'r')
  try {
    await handle.read(head, 0, 2, 0)
  } finally {
    await handle.close()
  }
  const gzipped = !opts.raw && head[0] === 0x1f && head[1] === 0x8b
  const raw = createReadStream(path, { highWaterMark: READ_BYTES })
  const { onRaw } = opts
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onRaw?.(chunk)
      done(null, chunk)
    },
  })
  // The pipeline's callback only has to exist: errors reach the reader through the last stage.
  const out = gzipped
    ? pipeline(raw, tap, createGunzip({ chunkSize: 256 << 10 }), ignore)
    : pipeline(raw, tap, ignore)
  return new ByteReader(out, label, gzipped)
}

const ignore = (): void => undefined

/** Runs `fn` with the file open and closes it whatever happens. */
export async function withBytes<T>(
  path: string,
  opts: OpenOptions,
  fn: (reader: ByteReader) => Promise<T>,
): Promise<T> {
  const reader = await openBytes(path, opts)
  try {
    return await fn(reader)
  } catch (error) {
    throw await reader.cause(error)
  } finally {
    reader.close()
  }
}

/** zlib's errors (codes Z_…) mean the gzip data is bad: say so with the file's name. */
function gzipError(error: unknown, label: string): DatasetError | null {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (typeof code !== 'string' || !code.startsWith('Z_')) return null
  return new DatasetError(
    'datasets/bad-file',
    `${label}: the gzip data is damaged or cut short (${(error as Error).message}).`,
  )
}
