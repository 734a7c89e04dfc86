import { existsSync } from 'node:fs'

/**
 * `…/app.asar/…` → `…/app.asar.unpacked/…` when that copy exists: a packaged app unpacks the
 * wasm binaries and the native addon beside the asar archive (electron-builder.yml), where they
 * can be read as plain files. No tfjs here, so the services process can use it too.
 */
export function unpackedPath(path: string): string {
  const unpacked = path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
  return unpacked !== path && existsSync(unpacked) ? unpacked : path
}
