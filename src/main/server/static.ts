import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticFile {
  path: string
  size: number
  type: string
  /** Vite's hashed assets never change under the same name. */
  immutable: boolean
  open(): NodeJS.ReadableStream
}

/**
 * Resolves a URL path to a file inside `root`, or null. Refuses anything that could leave the
 * bundle: undecodable escapes, NUL, backslashes, `..` segments (raw or encoded), and symlinks
 * whose target lies outside.
 */
export async function resolveStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/').filter((s) => s !== '')
  if (segments.some((s) => s === '..' || s === '.')) return null
  const relative = segments.length === 0 ? 'index.html' : segments.join('/')
  const rootReal = await realpath(root).catch(() => null)
  if (!rootReal) return null
  const candidate = resolve(rootReal, relative)
  if (!candidate.startsWith(rootReal + sep)) return null
  let real: string
  try {
    real = await realpath(candidate)
  } catch {
    return null
  }
  if (!real.startsWith(rootReal + sep)) return null
  const info = await stat(real).catch(() => null)
  if (!info?.isFile()) return null
  return {
    path: real,
    size: info.size,
    type: TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
    immutable: segments[0] === 'assets',
    open: () => createReadStream(real),
  }
}
