// node-gyp as npm ships it, and Node's own headers: what install.mjs and sanitize.mjs both need.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import process from 'node:process'

/** node-gyp as npm ships it: npm points lifecycle scripts at it, else beside npm's own files. */
export function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath &&
      join(
        dirname(process.env.npm_execpath),
        '..',
        'node_modules',
        'node-gyp',
        'bin',
        'node-gyp.js',
      ),
    join(
      dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    ),
  ]
  return candidates.find((c) => c && existsSync(c)) ?? null
}

/**
 * Node's own headers when this Node ships them (Linux and macOS installs keep them under
 * <prefix>/include/node), so node-gyp needs no download; otherwise node-gyp fetches them.
 */
export function localHeaders() {
  const prefix = join(dirname(process.execPath), '..')
  const ok = ['node_api.h', 'common.gypi'].every((f) =>
    existsSync(join(prefix, 'include', 'node', f)),
  )
  return ok ? [`--nodedir=${prefix}`] : []
}
