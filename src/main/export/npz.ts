import { crc32, deflateRawSync } from 'node:zlib'

/** An array for a `.npy`: the typed array and its shape (C order). */
export interface NpyArray {
  data: Uint8Array | Int32Array | Float32Array | BigInt64Array
  shape: readonly number[]
}

function descr(data: NpyArray['data']): string {
  if (data instanceof Uint8Array) return '|u1'
  if (data instanceof Int32Array) return '<i4'
  if (data instanceof Float32Array) return '<f4'
  return '<i8'
}

/** One `.npy` file (format 1.0): magic, a padded Python-dict header, then the raw bytes. */
export function encodeNpy(array: NpyArray): Buffer {
  const count = array.shape.reduce((a, b) => a * b, 1)
  if (count !== array.data.length)
    throw new Error(
      `npy: shape [${array.shape.join(', ')}] does not hold ${array.data.length} values`,
    )
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`
  let header = `{'descr': '${descr(array.data)}', 'fortran_order': False, 'shape': ${shape}, }`
  // magic (6) + version (2) + header length (2) + header + '\n' is a multiple of 64.
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n'
  const head = Buffer.alloc(10)
  head.write('\x93NUMPY', 0, 'latin1')
  head[6] = 1
  head[7] = 0
  head.writeUInt16LE(header.length, 8)
  const body = Buffer.from(array.data.buffer, array.data.byteOffset, array.data.byteLength)
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body])
}

/**
 * A `.npz` (what `numpy.load` reads): a zip of `<name>.npy` entries, deflated. Plain zip, so
 * the whole archive and every entry must stay under 4 GiB.
 */
export function encodeNpz(arrays: Record<string, NpyArray>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, array] of Object.entries(arrays)) {
    const raw = encodeNpy(array)
    const packed = deflateRawSync(raw, { level: 6 })
    const fileName = Buffer.from(`${name}.npy`, 'utf8')
    if (raw.length >= 0xffffffff || offset + packed.length >= 0xffffffff) {
      throw new Error(
        `npz: ${name} makes the archive larger than 4 GiB, which plain zip cannot hold`,
      )
    }
    const crc = crc32(raw)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(8, 8) // deflate
    local.writeUInt32LE(0, 10) // time, date
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(raw.length, 22)
    local.writeUInt16LE(fileName.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(0, 12)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(raw.length, 24)
    central.writeUInt16LE(fileName.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, fileName, packed)
    centrals.push(central, fileName)
    offset += 30 + fileName.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(arrays).length, 8)
  end.writeUInt16LE(Object.keys(arrays).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}
