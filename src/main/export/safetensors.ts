/** A tensor for a safetensors file: float32 weights or int64 counters (batch norm's). */
export type SafeTensor =
  | { name: string; dtype: 'F32'; shape: number[]; data: Float32Array }
  | { name: string; dtype: 'I64'; shape: number[]; data: BigInt64Array }

/**
 * Encodes tensors in the safetensors format: an 8-byte little-endian header length, a JSON
 * header (dtype, shape, byte offsets; padded with spaces to 8 bytes) and the raw data.
 */
export function encodeSafetensors(
  tensors: readonly SafeTensor[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata }
  let offset = 0
  for (const t of tensors) {
    const size = t.data.byteLength
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] }
    offset += size
  }
  let json = JSON.stringify(header)
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8)
  const headerBytes = Buffer.from(json, 'utf8')
  const out = new Uint8Array(8 + headerBytes.length + offset)
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true)
  out.set(headerBytes, 8)
  let at = 8 + headerBytes.length
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at)
    at += t.data.byteLength
  }
  return out
}
