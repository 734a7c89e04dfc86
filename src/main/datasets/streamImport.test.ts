/**
 * The streaming IDX and CIFAR importers must write exactly what the in-memory importers wrote
 * before them: the same cache bytes, meta.json, data hash (so rows stored before still match as
 * duplicates) and content hash.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store'
import { tempStore } from '../store/testing/tempStore'
import { importDataset } from '.'
import { makeStaging } from './cache'
import { CacheWriter, writeDecoded } from './cacheWriter'
import { importCifar } from './cifar'
import { hashCacheFolder } from './dataHash'
import { importIdx } from './idxImport'
import { readMeta } from './cache'
import { idxBytes, syntheticImages } from './testing/fixtures'
import { GOLDEN_SOURCES } from './testing/goldenSources'
import { decodeCifarInMemory, decodeIdxInMemory } from './testing/inMemoryDecode'
import type { Built } from './types'

let store: Store
let home: string
let cleanup: () => void
beforeEach(() => ({ store, dir: home, cleanup } = tempStore()))
afterEach(() => cleanup())

/**
 * sha256 of every cache file, the data hash and the content hash as the in-memory importers
 * (before streaming, commit 0035644) wrote them for GOLDEN_SOURCES.
 */
const BEFORE: Record<
  string,
  { files: Record<string, string>; dataHash: string; contentHash: string }
> = {
  'idx-pairs': {
    files: {
      'meta.json': 'bb4d5e01dabb481a4edf3f6b2a511f2eef4abb6d138aa615a3eed2549f1d2d1f',
      'test-images.u8': '9de13c3659413b2d164f3673d2aed2d0f2ce480a48870efc18e3ead685c08fc3',
      'test-labels.u8': 'fc9d4fe9658c7285776a8e3297f25041918e0a1bab1663af46176ad8a3be9a13',
      'train-images.u8': 'eb94c263d517624ec76b906f45db84071db0c55cb2a79d563dacf315517965d1',
      'train-labels.u8': '845e3985003d7d2d6f8ba74517372182684b50415097ac684cf3da94127d3570',
    },
    dataHash: '377f1e7ab389aca5080f9a3a2dd6aabd466698a6d337216ed5f661f150bfca77',
    contentHash: '5e9a7cc846ddc0f9228ccad29638ff036267fa3e7d8ea9e471baa6aecdee8272',
  },
  'idx-held-out': {
    files: {
      'meta.json': '2964eb502c306a345fb5d5bc047c9078ef28d7a3b9d08007f0e9bc7af37afbae',
      'test-images.u8': '7c1b029decfd81a76310cbf706730247bec015164e3a1cd06f0ece32578e6194',
      'test-labels.u8': 'ece4e10a1e91a46e346975d364dcaf7cc3fbb0ce6461c83465056611b9e134cb',
      'train-images.u8': '6f545bab7b2227ab569b18e2159903f99eda83ba80aada97498e2b279ae73292',
      'train-labels.u8': 'c3aa3d45fe54fd85b6081c58008a7b53f7edd6ca4c7d11ab46e150857fdf2627',
    },
    dataHash: 'f8d776c8d3c3be7ebed60db41d34be7accbe491112d5bef586c65fcb96ff93df',
    contentHash: '767538e9fe6977282aeb7b61defdd95f8022f1c8f4c932d1f07138d8bd62c2e9',
  },
  'idx-gzip': {
    files: {
      'meta.json': 'a368d27a1f5a7001255a039f57ee48276b16cbecbc0f3e5f77ad335686ffb1a3',
      'test-images.u8': 'e113ababd1aaab05be7173f49a297f1078daf89bb8f9f09d639418b7fbc96ce4',
      'test-labels.u8': 'c4e6622fad4805cec4c6c22a820657e8ac0776a027235a04a492e4bb3a890dd7',
      'train-images.u8': '9b217df451332007b8327ec81bfcbf3850b189346bbd994dd6c94dc084afdb9f',
      'train-labels.u8': '589afb33239e209ce27cbada8a649ed69b8affd5bc25ab37d788e5fc88808449',
    },
    dataHash: '4f0a0b1c4d263bd2c5370de3e0f343f5809a7e62c825fe9f9f8aaf1a25a22a55',
    contentHash: '403f72035ac505a11598d6f1651c8f685efd2d332dbc029dc06f39fbc6c52367',
  },
  'emnist-rgb': {
    files: {
      'meta.json': 'dffa424fbf8ae9cd597e6f65987f2c391bee91965cd8b8f46a003225073e5a04',
      'test-images.u8': '2743f0725d44588f2c0e46007bf5831bf5c30e3119450e5aae8ddb44d540df81',
      'test-labels.u8': '8d9fe7317f066deaca4fdb6c313194e5bb5d2269ecf672f1af9fc790a2205991',
      'train-images.u8': '46d47178c48d916b417329e0f926ce72d2b681023bca0bc1dddb2c77a32cd210',
      'train-labels.u8': 'eddf97326d36f464e8dd524a721e1f82e484f5d8b9067f810be0deebe02f58b3',
    },
    dataHash: '1ef446a32bb24ad28ac2e0c0a9f1a741820aa555132dc57f8194e2776caa2698',
    contentHash: 'f2e305831050d203135884763d6ba17b2ac451d229accd4a6901bf3748694abe',
  },
  'cifar-10': {
    files: {
      'meta.json': '6690e08183b8c638e8cb4dfe7f142204d638d668938c00e0722ca4f7186ac3fe',
      'test-images.u8': 'a31d605f5a3585a3c1b8976693dc63bf127ff92f765e0b9e659212708a97a598',
      'test-labels.u8': '63d987d1c6d69751c17297f410f5b3547a65d096a8993b35bcb4f9cad054f176',
      'train-images.u8': '44338a8c3a8182d6b39fc573caff81ca259121bac9c2d73dd10944401e54056a',
      'train-labels.u8': '874c192523d7721a451e24ec6aeae37e07cea3ca66c6363d86db12e33972d565',
    },
    dataHash: '8ea983a31f10b4fb27299cceb35a02f36768f558b0304c7edede94264c21dd4a',
    contentHash: '533944e6767b632f7bb37d86293991685049af644130454b7bc79b8f29df94ec',
  },
  'cifar-100': {
    files: {
      'meta.json': '1930423da1c54bb4d35520f130ba1c60e71e3088c0367a4c21de294c91c212b2',
      'test-images.u8': 'a339b0c054ee3568ad2c38a220606e0e8a39d53feebfaa73a521dee4b06836a3',
      'test-labels.u8': '6d970874d0db767a7058798973f22cf6589601edab57996312f2ef7b56e5584d',
      'train-images.u8': 'bdc1b00f905e9051b648bc3fdb83294e55f17576838e7a66c7c06349ebb15b0e',
      'train-labels.u8': '899bad2ddf2c2b02722155618e89809a5696d35890c884ef2731f94a27aebf16',
    },
    dataHash: 'a72f84d101707bfdb3abe198a2ac85a7587ab8fe8f057355c72a4222f4da8eda',
    contentHash: '78a7d689e804975e7d31fdfd0cff92a1ba7c7529891a73df8d7aff2e5de75143',
  },
}

const digests = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  )

describe('streaming IDX and CIFAR imports', () => {
  it.each(GOLDEN_SOURCES.map((g) => [g.name, g] as const))(
    '%s: the same cache bytes, meta.json, data hash and content hash as before streaming',
    async (name, golden) => {
      const path = golden.write(join(home, 'src'))
      const { dataset } = await importDataset(store, home, { ...golden.options, path, name })
      const before = BEFORE[name]!
      expect(digests(dataset.cacheDir)).toEqual(before.files)
      expect(dataset.dataHash).toBe(before.dataHash)
      // The gzip'd source's own bytes depend on the zlib build that compressed it.
      if (name !== 'idx-gzip') expect(dataset.contentHash).toBe(before.contentHash)
      // A row stored without a data hash gets it from its cache: the same figure.
      expect(await hashCacheFolder(home, await readMeta(home, dataset.id))).toBe(before.dataHash)
    },
  )

  it.each(GOLDEN_SOURCES.map((g) => [g.name, g] as const))(
    '%s: read a few hundred bytes at a time, it matches the in-memory decoder byte for byte',
    async (_name, golden) => {
      const path = golden.write(join(home, 'src'))
      const opts = {
        seed: golden.options.seed ?? 42,
        testFraction: golden.options.testFraction ?? 0.2,
        nameHint: golden.name,
      }
      const cifar = golden.name.startsWith('cifar')
      // 500 bytes: chunks of a few images, cut at odd places in every file.
      const streamed = await makeStaging(home, 'streamed')
      const built: Built = cifar
        ? await importCifar(path, streamed, {}, { chunkBytes: 500 })
        : await importIdx(path, opts, streamed, {}, { chunkBytes: 500 })
      const reference = await makeStaging(home, 'reference')
      const decoded = cifar ? await decodeCifarInMemory(path) : await decodeIdxInMemory(path, opts)
      const writer = await CacheWriter.open(reference, decoded)
      const written = await writeDecoded(writer, decoded)
      expect(digests(streamed)).toEqual(digests(reference))
      expect(built.written).toEqual(written)
      expect(built.info.contentHash).toBe(decoded.contentHash)
      expect(built.info.classes).toEqual(decoded.classes)
      expect(built.info.shape).toEqual(decoded.shape)
    },
  )

  it('transposes square EMNIST images too, as the in-memory decoder did', async () => {
    const src = join(home, 'emnist-square')
    mkdirSync(src)
    const n = 30
    for (const split of ['train', 'test']) {
      writeFileSync(
        join(src, `emnist-digits-${split}-images-idx3-ubyte`),
        idxBytes([n, 28, 28], syntheticImages(n, 28, 28)),
      )
      writeFileSync(
        join(src, `emnist-digits-${split}-labels-idx1-ubyte`),
        idxBytes(
          [n],
          Array.from({ length: n }, (_, i) => i % 10),
        ),
      )
    }
    const opts = { seed: 1, testFraction: 0.2, nameHint: 'emnist' }
    const streamed = await makeStaging(home, 'streamed')
    const built = await importIdx(src, opts, streamed, {}, { chunkBytes: 3000 })
    const decoded = await decodeIdxInMemory(src, opts)
    const reference = await makeStaging(home, 'reference')
    const written = await writeDecoded(await CacheWriter.open(reference, decoded), decoded)
    expect(digests(streamed)).toEqual(digests(reference))
    expect(built.written).toEqual(written)
    // Not the identity: image 0's pixel (row 0, column 1) is the stored (row 1, column 0).
    expect(readFileSync(join(streamed, 'train-images.u8'))[1]).toBe(28)
  })
})
