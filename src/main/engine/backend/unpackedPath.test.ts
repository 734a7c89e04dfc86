import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { unpackedPath } from './unpackedPath'

const root = mkdtempSync(join(tmpdir(), 'blockwise-asar-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

it('reads the wasm package from beside the asar archive when the app unpacked it there', () => {
  const inside = join(root, 'resources', 'app.asar', 'node_modules', 'wasm', 'dist')
  expect(unpackedPath(inside)).toBe(inside)
  const unpacked = join(root, 'resources', 'app.asar.unpacked', 'node_modules', 'wasm', 'dist')
  mkdirSync(unpacked, { recursive: true })
  expect(unpackedPath(inside)).toBe(unpacked)
})

it('leaves a path outside any archive alone', () => {
  const plain = join(root, 'node_modules', 'wasm', 'dist')
  expect(unpackedPath(plain)).toBe(plain)
})
