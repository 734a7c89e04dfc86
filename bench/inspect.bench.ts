/**
 * The run inspector's speed on the backend this machine gets (BLOCKWISE_BENCH_BACKEND pins one),
 * LeNet-5 with seeded weights on synthetic 28×28×1 images:
 * - the top-9 scan (forward to c3, per-image max and argmax of one channel, ranking): images/s;
 * - the test evaluation (softmax, top-5, confusion matrix, per-example predictions): images/s;
 * - the inspector process's cold start: fork, tfjs and backend, up to its first answer.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as tf from '@tensorflow/tfjs-core'
import { initBackend, type BackendPin } from '../src/main/engine/backend'
import { compile } from '../src/main/engine/compile'
import { CheckpointWriter } from '../src/main/engine/trainer/checkpoint'
import { createInspector, inspectorEntry } from '../src/main/inspect/client'
import { evaluateSplit } from '../src/main/inspect/evaluate'
import { loadRunModel } from '../src/main/inspect/model'
import { topActivations } from '../src/main/inspect/topPatches'
import { analyze } from '../src/shared/graph'
import { getTemplate } from '../src/shared/templates'
import { measure, median } from './measure'
import type { Bench, BenchResult } from './types'

const COUNT = 2000

const bench: Bench = {
  name: 'inspect',
  async run(): Promise<BenchResult[]> {
    const pin = (process.env.BLOCKWISE_BENCH_BACKEND ?? 'auto') as BackendPin
    const backend = await initBackend(pin)
    const dir = mkdtempSync(join(tmpdir(), 'blockwise-bench-inspect-'))
    try {
      const design = getTemplate('lenet5')!.build()
      const compiled = compile(analyze(design).graph, { seed: 1 })
      const saved = await new CheckpointWriter(dir, 'bench').save(
        compiled.model,
        tf.train.sgd(0.1),
        1,
        0,
        null,
        0,
      )
      compiled.model.dispose()
      const m = await loadRunModel(design, saved.path)
      const images = new Uint8Array(COUNT * 784)
      for (let i = 0; i < images.length; i++) images[i] = (i * 2654435761) >>> 24
      const split = {
        images,
        labels: Uint8Array.from({ length: COUNT }, (_, i) => i % 10),
        count: COUNT,
      }
      const stats = { shape: [28, 28, 1] as const, mean: [33], std: [78] }
      const scan = await measure(
        () => topActivations(m, split, stats, { layer: 'c3', channel: 3, limit: COUNT }),
        { samples: 5, warmup: 1 },
      )
      const evaluation = await measure(() => evaluateSplit(m, split, stats), {
        samples: 5,
        warmup: 1,
      })
      m.dispose()

      const cold: number[] = []
      const target = {
        runId: 1,
        design,
        checkpointDir: join(dir, 'missing'),
        checkpoint: { epoch: 1, valAccuracy: null, isBest: true },
        cacheDir: join(dir, 'cache'),
        home: dir,
        datasetId: 'none',
        valFraction: 0.1,
        seed: 0,
        classNames: [],
        backend: pin,
      }
      // The built bundle when there is one (what the app runs), else the source through tsx.
      const built = existsSync(join(import.meta.dirname, '..', 'out', 'main', 'inspector.js'))
      const entry = inspectorEntry(
        join(
          import.meta.dirname,
          '..',
          built ? join('out', 'main') : join('src', 'main', 'inspect'),
        ),
      )
      for (let i = 0; i < 3; i++) {
        const inspector = createInspector({ entry })
        const start = performance.now()
        await inspector.request(target, { type: 'evaluation' }).catch(() => undefined)
        cold.push(performance.now() - start)
        inspector.close()
      }
      const detail = `${backend.name}, LeNet-5, ${COUNT} images of 28×28×1, batch 128 (scan) / 256 (evaluation)`
      return [
        {
          name: 'top-9 scan, LeNet-5 c3',
          value: (COUNT / scan.median) * 1000,
          unit: 'images/s',
          samples: 5,
          detail,
        },
        {
          name: 'test evaluation, LeNet-5',
          value: (COUNT / evaluation.median) * 1000,
          unit: 'images/s',
          samples: 5,
          detail,
        },
        {
          name: 'inspector process cold start to first answer',
          value: median(cold),
          unit: 'ms',
          samples: cold.length,
          detail: `${backend.name}; ${built ? 'out/main/inspector.js' : 'source through tsx'}`,
        },
      ]
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

export default bench
