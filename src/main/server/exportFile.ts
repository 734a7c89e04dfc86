/**
 * `GET /api/exports/<id>/file`: the main file of a recorded export (an .onnx, a
 * .blockwise.json), so serve mode can offer a download. Only paths the store recorded are
 * served, looked up by a numeric id: nothing in the URL names a file.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ServerResponse } from 'node:http'
import type { Store } from '../store'

export const EXPORT_FILE_ROUTE = /^\/api\/exports\/([^/]+)\/file$/

export type ExportFileReply =
  { ok: true; path: string; size: number; name: string } | { ok: false; message: string }

/** Finds the recorded file of export `rawId` ('12'); anything else is not found. */
export async function findExportFile(store: Store, rawId: string): Promise<ExportFileReply> {
  if (!/^[1-9]\d{0,9}$/.test(rawId)) return { ok: false, message: `No export ${rawId}.` }
  const id = Number(rawId)
  const record = store.exports.list().find((e) => e.id === id)
  if (!record) return { ok: false, message: `No export ${id}.` }
  const info = await stat(record.path).catch(() => null)
  if (!info?.isFile()) return { ok: false, message: `Export ${id}'s file is gone: ${record.path}` }
  return { ok: true, path: record.path, size: info.size, name: basename(record.path) }
}

/** Streams the file as an attachment (never rendered by the browser). */
export function sendExportFile(
  response: ServerResponse,
  file: { path: string; size: number; name: string },
  head: boolean,
): void {
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  response.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': file.size,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'Cache-Control': 'no-store',
  })
  if (head) return void response.end()
  createReadStream(file.path).pipe(response)
}
