/**
 * The graph core's speed: `analyze` runs on every edit in the editor, so the whole of
 * ResNet-152 (≈ 500 primitive layers once expanded) must analyse in well under a frame.
 */
import { analyze, expand, parseDesignFile, serializeDesign, type Design } from '../src/shared/graph'
import { chain, node } from '../src/shared/graph/testing'
import { getTemplate } from '../src/shared/templates'
import { timeResult } from './measure'
import type { Bench } from './types'

/** ResNet-152 with every residual block a top-level node, as after "ungroup" of each stage. */
function resnet152Blocks(): Design {
  const nodes = [
    node('input', 'input', { height: 224, width: 224, channels: 3 }),
    node('conv1', 'conv2d', { filters: 64, kernel: 7, stride: 2, useBias: false }),
    node('bn1', 'batchNorm'),
    node('relu1', 'activation'),
    node('pool1', 'maxPool2d', { pool: 3, stride: 2, padding: 'same' }),
  ]
  ;[3, 8, 36, 3].forEach((count, s) => {
    for (let i = 0; i < count; i++) {
      nodes.push(
        node(`s${s + 2}b${i + 1}`, 'residualBlock', {
          variant: 'bottleneck',
          filters: 64 << s,
          stride: i === 0 && s > 0 ? 2 : 1,
          shortcut: i === 0 ? 'projection' : 'identity',
        }),
      )
    }
  })
  nodes.push(node('gap', 'globalAvgPool'), node('output', 'output', { classes: 1000 }))
  return chain(nodes, 'ResNet-152 (blocks)')
}

const bench: Bench = {
  name: 'graph core',
  async run() {
    const template = getTemplate('resnet152')
    if (!template) throw new Error('template resnet152 is missing')
    const stages = template.build()
    const blocks = resnet152Blocks()
    const layers = expand(stages).nodes.length
    const check = analyze(stages)
    if (!check.valid || check.totals.depth !== 152)
      throw new Error('resnet152 does not analyse as a valid 152-layer net')
    const text = serializeDesign(blocks)
    const opts = { samples: 101, warmup: 20 }
    return [
      await timeResult('analyze ResNet-152 template (4 stages)', () => analyze(stages), {
        ...opts,
        target: { op: '<', value: 5 },
        detail: `${layers} primitive layers, ${stages.nodes.length} design nodes`,
      }),
      await timeResult('analyze ResNet-152 as 50 residual blocks', () => analyze(blocks), {
        ...opts,
        target: { op: '<', value: 5 },
        detail: `${blocks.nodes.length} design nodes`,
      }),
      await timeResult('expand ResNet-152 template', () => expand(stages), opts),
      await timeResult(
        'parse + serialize ResNet-152 design file',
        () => parseDesignFile(serializeDesign(blocks)),
        {
          ...opts,
          detail: `${text.length} characters`,
        },
      ),
    ]
  },
}

export default bench
