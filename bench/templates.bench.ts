import { analyze, parseDesignFile, serializeDesign } from '../src/shared/graph'
import { getTemplate, templates } from '../src/shared/templates'
import { timeResult } from './measure'
import type { Bench } from './types'

/** Opening a template must feel instant: 100 ms is the limit of "no perceptible delay". */
const INSTANT_MS = 100

const bench: Bench = {
  name: 'templates',
  async run() {
    const resnet152 = getTemplate('resnet152')!
    const probe = analyze(resnet152.build())
    const layers = `${probe.layers.length} primitive layers, ${formatM(probe.totals.params)} params`

    const text = serializeDesign(resnet152.build())
    return [
      await timeResult('open ResNet-152 (build + analyze)', () => analyze(resnet152.build()), {
        samples: 30,
        warmup: 5,
        target: { op: '<', value: INSTANT_MS },
        detail: layers,
      }),
      await timeResult(
        'open every template (19, build + analyze)',
        () => templates.forEach((t) => analyze(t.build())),
        {
          samples: 10,
          warmup: 2,
          detail: `${templates.length} templates`,
        },
      ),
      await timeResult(
        'load ResNet-152 design file (parse + analyze)',
        () => {
          const parsed = parseDesignFile(text)
          if (!parsed.ok) throw new Error(parsed.error)
          return analyze(parsed.design)
        },
        {
          samples: 30,
          warmup: 5,
          target: { op: '<', value: INSTANT_MS },
          detail: `${(text.length / 1024).toFixed(1)} KiB file`,
        },
      ),
    ]
  },
}

function formatM(n: number): string {
  return `${(n / 1e6).toFixed(1)}M`
}

export default bench
