/**
 * `blockwise train`, `runs` and `run` as a user runs them: the main bundle built into a temp
 * folder (so the trainer is `out/main/trainer.js`, as shipped), a temp data directory, MNIST.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeImageFolder } from '../../datasets/testing/fixtures'
import { requestGpuAdapter } from '../../engine/backend/gpuAdapter'
import { useSoftwareGpu } from '../../engine/backend/webgpuTesting'
import { buildCli, lastJson, type BuiltCli } from '../testing/builtCli'

// The webgpu run uses the machine's GPU, or SwiftShader (set here, inherited by the CLI).
const noDriver = useSoftwareGpu()
const adapter = noDriver === null ? await requestGpuAdapter() : null
const noGpu = noDriver ?? (adapter?.ok === false ? adapter.reason : null)

let cli: BuiltCli
let root = ''
let home = ''

beforeAll(() => {
  cli = buildCli('train-cli')
  root = cli.root
  home = join(root, 'home')
}, 180_000)
afterAll(() => cli.remove())

const blockwise = (...args: string[]) => cli.run(args, { env: { BLOCKWISE_HOME: home } })

describe('blockwise train / runs / run', () => {
  it('trains a template, prints the final metrics as JSON, and the run is listed', () => {
    const r = blockwise(
      'train',
      'lenet5',
      '--dataset',
      'MNIST',
      '--epochs',
      '1',
      '--limit',
      '256',
      '--batch-size',
      '32',
      '--optimizer',
      'adam',
      '--lr',
      '0.003',
      '--json',
    )
    expect(r.stderr).toMatch(/epoch 1\/1 {2}loss \d/)
    expect(r.status).toBe(0)
    const result = lastJson(r.stdout) as Record<string, unknown>
    expect(result).toMatchObject({ status: 'completed', epochs: 1, error: null })
    for (const k of [
      'runId',
      'trainLoss',
      'trainAcc',
      'valAcc',
      'testAcc',
      'imagesPerSec',
      'durationMs',
    ])
      expect(typeof result[k]).toBe('number')
    expect(result.backend).toMatch(/wasm|cpu|tensorflow/)

    const runs = lastJson(blockwise('runs', '--json').stdout) as {
      runs: { id: number; status: string }[]
    }
    expect(runs.runs.map((x) => [x.id, x.status])).toContainEqual([result.runId, 'completed'])
    const run = blockwise('run', String(result.runId), '--json')
    expect(run.status).toBe(0)
    const detail = lastJson(run.stdout) as {
      epochs: { epoch: number; trainLoss: number }[]
      checkpoints: unknown[]
      hyperparameters: Record<string, unknown>
    }
    expect(detail.epochs).toHaveLength(1)
    expect(detail.checkpoints).toHaveLength(1)
    expect(detail.hyperparameters).toMatchObject({
      epochs: 1,
      limit: 256,
      batchSize: 32,
      optimizer: 'adam',
      lr: 0.003,
    })
    const text = blockwise('run', String(result.runId))
    expect(text.stdout).toMatch(/^status {3}completed$/m)
    expect(text.stdout).toMatch(/^test {5}loss \d/m)
    // Whether native kernels ran is printed as training starts, kept in the JSON and in `run`.
    if (result.backend === 'wasm') {
      if (result.backendNative === null) {
        expect(r.stderr).toMatch(/^training on wasm…$/m)
        expect(text.stdout).toMatch(/^ {9}tfjs-backend-wasm .*no native kernels: /m)
      } else {
        expect(result.backendNative).toMatch(/^(avx512|avx2|portable), \d+ threads?$/)
        expect(r.stderr).toContain(`training on wasm + native kernels (${result.backendNative})…`)
        expect(text.stdout).toContain(`+ native kernels (${result.backendNative})`)
      }
    }
  }, 180_000)

  it('says what is wrong with a bad dataset, design, number or run id', () => {
    const noData = blockwise('train', 'lenet5', '--dataset', 'nope', '--json')
    expect(noData.status).toBe(1)
    expect(lastJson(noData.stdout)).toEqual({
      error: { code: 'unknown-dataset', message: "No dataset 'nope'." },
    })
    const noDesign = blockwise('train', 'missing.json', '--dataset', 'mnist')
    expect(noDesign.status).toBe(1)
    expect(noDesign.stderr).toMatch(/missing\.json: no such file, and no template/)
    const badLr = blockwise('train', 'lenet5', '--dataset', 'mnist', '--lr', '-1')
    expect(badLr.status).not.toBe(0)
    expect(badLr.stderr).toMatch(/--lr must be a number above 0/)
    const total = () => (lastJson(blockwise('runs', '--json').stdout) as { total: number }).total
    const before = total()
    const misfit = blockwise(
      'train',
      'cifar-resnet20',
      '--dataset',
      'mnist',
      '--epochs',
      '1',
      '--limit',
      '32',
      '--json',
    )
    expect(misfit.status).toBe(1)
    expect(lastJson(misfit.stdout)).toEqual({
      error: {
        code: 'dataset-mismatch',
        message: "The design takes 32×32×3 images; MNIST's are 28×28×1.",
      },
    })
    expect(total()).toBe(before)
    expect(blockwise('train', 'lenet5', '--dataset', 'mnist', '--seed', '-3').stderr).toMatch(
      /--seed must be a whole number from 0/,
    )
    expect(blockwise('runs', '--limit', 'many').stderr).toMatch(/--limit must be a whole number/)
    expect(blockwise('run', 'abc').stderr).toMatch(/a run id is a whole number above 0/)
    const noRun = blockwise('run', '9999')
    expect(noRun.status).toBe(1)
    expect(noRun.stderr).toMatch(/no run with id 9999/)
  }, 120_000)

  // A software GPU trains LeNet-5 at a few images a second: ten classes of six tiny images.
  it.skipIf(noGpu !== null)(
    `trains on webgpu when pinned, and the run names the GPU${noGpu ? ` (skipped: ${noGpu})` : ''}`,
    async () => {
      const colours = Object.fromEntries(
        Array.from({ length: 10 }, (_, i) => [`d${i}`, [i * 25, 255 - i * 25, (i * 70) % 256]]),
      ) as Record<string, [number, number, number]>
      const src = join(root, 'digits')
      await writeImageFolder(src, colours, 6)
      const imported = blockwise('import', src, '--size', '28', '--grayscale', '--name', 'Tiny')
      expect(imported.status, imported.stderr).toBe(0)
      const r = blockwise(
        'train',
        'lenet5',
        '--dataset',
        'Tiny',
        '--backend',
        'webgpu',
        '--epochs',
        '1',
        '--batch-size',
        '16',
        '--json',
      )
      expect(r.status, r.stderr).toBe(0)
      const result = lastJson(r.stdout) as Record<string, unknown>
      expect(result).toMatchObject({ status: 'completed', backend: 'webgpu', error: null })
      const gpu = adapter?.ok ? adapter.info.description : ''
      expect(result.backendDevice).toEqual(expect.stringContaining(gpu))
      expect(r.stderr).toContain(`training on webgpu on ${String(result.backendDevice)}…`)
      const run = blockwise('run', String(result.runId))
      expect(run.stdout).toContain(`on ${String(result.backendDevice)}`)
      expect(blockwise('runs').stdout).toContain(`webgpu on ${String(result.backendDevice)}`)
    },
    300_000,
  )
})
